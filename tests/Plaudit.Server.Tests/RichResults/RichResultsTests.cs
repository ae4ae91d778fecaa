using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.RichResults;

/// <summary>JSON-LD and the server-rendered fragment: what Google's review snippets require, and review text kept as text.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class RichResultsTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Product_json_ld_has_what_review_snippets_require(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var lamp = new { id = "L1", title = "Desk lamp", url = "https://lamps.example.com/l1", image_src = "https://lamps.example.com/l1.jpg", gtin = "4006381333931", mpn = "DL-1", sku = "LAMP-1", brand = "Lumen" };
        (await shop.Client.PostAsync(Api + "create_review", new { product = lamp, rating = 5, author = "Ana", title = "Bright", content = "</script><script>alert(1)</script>", is_published = true })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "L1", rating = 4, author = "Ben", content = "Good.", is_published = true })).AssertOk();
        var stored = (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray().First().GetProperty("product");
        Assert.Equal("4006381333931", stored.GetProperty("gtin").GetString());
        Assert.Equal("Lumen", stored.GetProperty("brand").GetString());
        (await shop.Client.PostAsync(Api + "create_review", new { product = new { id = "L2", gtin = "not a gtin" }, rating = 5, author = "X", content = "x" })).AssertError(3, "product.gtin");

        using var response = await server.Http.GetAsync($"/storefront/v1/product_json_ld?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=L1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("</script>", text, StringComparison.OrdinalIgnoreCase);
        var json = JsonDocument.Parse(text).RootElement;

        // schema.org Product for review snippets: name; aggregateRating with ratingValue and reviewCount; each review with author.name and reviewRating.ratingValue.
        Assert.Equal("https://schema.org", json.GetProperty("@context").GetString());
        Assert.Equal("Product", json.GetProperty("@type").GetString());
        Assert.Equal("Desk lamp", json.GetProperty("name").GetString());
        Assert.Equal("4006381333931", json.GetProperty("gtin").GetString());
        Assert.Equal("LAMP-1", json.GetProperty("sku").GetString());
        Assert.Equal("Lumen", json.GetProperty("brand").GetProperty("name").GetString());
        var aggregate = json.GetProperty("aggregateRating");
        Assert.Equal("AggregateRating", aggregate.GetProperty("@type").GetString());
        Assert.Equal("4.5", aggregate.GetProperty("ratingValue").GetString());
        Assert.Equal(2, aggregate.GetProperty("reviewCount").GetInt32());
        Assert.Equal(5, aggregate.GetProperty("bestRating").GetInt32());
        var reviews = json.GetProperty("review").EnumerateArray().ToList();
        Assert.Equal(2, reviews.Count);
        Assert.All(reviews, r =>
        {
            Assert.Equal("Review", r.GetProperty("@type").GetString());
            Assert.Equal("Person", r.GetProperty("author").GetProperty("@type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("author").GetProperty("name").GetString()));
            Assert.InRange(r.GetProperty("reviewRating").GetProperty("ratingValue").GetInt32(), 1, 5);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r.GetProperty("datePublished").GetString()!);
        });
        Assert.Contains(reviews, r => r.GetProperty("reviewBody").GetString() == "</script><script>alert(1)</script>");

        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"/storefront/v1/product_json_ld?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync($"/storefront/v1/product_json_ld?public_token={Uri.EscapeDataString(shop.PublicToken)}")).StatusCode);
    }

    [Fact]
    public async Task The_html_fragment_shows_stars_and_reviews_with_every_value_encoded()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var created = (await shop.Client.PostAsync(Api + "create_review", new { product = new { id = "S1", title = "Stool" }, rating = 4, author = "<i>Eve</i>", title = "Nice & \"sturdy\"",
            content = "<img src=x onerror=alert(1)>", is_published = true, is_verified = true })).AssertOk();
        (await shop.Client.PostAsync(Api + "reply_review", new { id = created.GetProperty("id").ToString(), content = "Thanks <3" })).AssertOk();

        using var response = await server.Http.GetAsync($"/storefront/v1/product_snippet?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=S1");
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("4 out of 5, based on 1 review", html, StringComparison.Ordinal);
        Assert.Contains("★★★★☆", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;Eve&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Thanks &lt;3", html, StringComparison.Ordinal);
        Assert.Contains("verified buyer", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        // The JSON-LD inside parses, and only the fragment's own script element is there.
        var ld = LdScript().Match(html);
        Assert.True(ld.Success, html);
        Assert.Equal("Stool", JsonDocument.Parse(ld.Groups[1].Value).RootElement.GetProperty("name").GetString());
        Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/storefront/v1/product_snippet?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=S1");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(again)).StatusCode);
    }

    [GeneratedRegex("""<script type="application/ld\+json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex LdScript();
}
