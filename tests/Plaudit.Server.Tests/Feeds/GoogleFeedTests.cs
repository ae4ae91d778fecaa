using System.Net;
using System.Net.Http.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Plaudit.Server.Feeds;
using Plaudit.Server.Reviews;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Feeds;

/// <summary>The Google Product Reviews feed: valid against Google's schema, the right reviews and collection methods, streamed.</summary>
[Collection(ServerCollection.Name)]
public sealed class GoogleFeedTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_feed_validates_against_Googles_schema_with_product_ids_photos_and_collection_methods(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync("Feed & Co <Shop>");
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { domain = "feed-shop.example.com", auto_publish_reviews = true })).AssertOk();
        var desk = new { id = "D1", title = "Walnut desk", url = "https://feed-shop.example.com/products/desk", gtin = "0012345678905", mpn = "WD-100", sku = "DESK-W", brand = "Woodworks" };
        (await shop.Client.PostAsync(Api + "create_review", new { product = desk, rating = 5, author = "Ana", author_email = "ana@example.com", title = "Great", content = "Loved it & more <b>", is_published = true, is_verified = true, order_id = "1001",
            media = new[] { new { url = "https://cdn.example.com/a.jpg", thumbnail_url = "", type = 1, is_published = true }, new { url = "https://cdn.example.com/v.mp4", thumbnail_url = "", type = 2, is_published = true } } })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "C2", rating = 3, author = "Cleo", content = "Anonymous words\u0001 with a control character", is_published = true })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "D1", rating = 1, author = "Hidden", content = "not published", is_published = false })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Store", content = "a store review, no product", is_published = true })).AssertOk();
        var submitted = await server.Http.PostAsJsonAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}",
            new { product_id = "D1", rating = 4, author = "Walk-in", author_email = "w@example.com", content = "Bought it in the shop." });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        using var response = await server.Http.GetAsync($"{FeedEndpoints.GooglePath}?public_token={Uri.EscapeDataString(shop.PublicToken)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsStringAsync();
        Validate(xml);
        // A public URL: reviewers' emails and unpublished reviews never appear in it.
        Assert.DoesNotContain("@example.com", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", xml, StringComparison.Ordinal);

        var feed = XDocument.Parse(xml).Root!;
        Assert.Equal(GoogleProductReviewsFeed.SchemaVersion, feed.Element("version")!.Value);
        Assert.Equal("Feed & Co <Shop>", feed.Element("publisher")!.Element("name")!.Value);
        var reviews = feed.Element("reviews")!.Elements("review").ToList();
        Assert.Equal(["Ana", "Cleo", "Walk-in"], reviews.Select(r => r.Element("reviewer")!.Element("name")!.Value).Order().ToArray());

        var ana = reviews.Single(r => r.Element("reviewer")!.Element("name")!.Value == "Ana");
        Assert.Equal("Loved it & more <b>", ana.Element("content")!.Value);
        Assert.Equal("post_fulfillment", ana.Element("collection_method")!.Value);
        Assert.Equal("1001", ana.Element("transaction_id")!.Value);
        Assert.Equal(["https://cdn.example.com/a.jpg"], ana.Descendants("reviewer_image").Select(i => i.Element("url")!.Value).ToArray());
        var ids = ana.Element("products")!.Element("product")!.Element("product_ids")!;
        Assert.Equal("0012345678905", ids.Element("gtins")!.Element("gtin")!.Value);
        Assert.Equal("WD-100", ids.Element("mpns")!.Element("mpn")!.Value);
        Assert.Equal("DESK-W", ids.Element("skus")!.Element("sku")!.Value);
        Assert.Equal("Woodworks", ids.Element("brands")!.Element("brand")!.Value);
        Assert.Equal("https://feed-shop.example.com/products/desk", ana.Element("products")!.Element("product")!.Element("product_url")!.Value);

        var walkIn = reviews.Single(r => r.Element("reviewer")!.Element("name")!.Value == "Walk-in");
        Assert.Equal("unsolicited", walkIn.Element("collection_method")!.Value);
        var anonymous = reviews.Single(r => r.Element("reviewer")!.Element("name")!.Value == "Cleo");
        Assert.Equal("Anonymous words with a control character", anonymous.Element("content")!.Value);
        // No product URL given: the shop's site stands in.
        Assert.Equal("https://feed-shop.example.com/", anonymous.Element("review_url")!.Value);
        Assert.Null(anonymous.Element("collection_method"));
    }

    [Fact]
    public async Task A_feed_of_20_000_reviews_streams_as_it_is_read()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync("Big Shop");
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { domain = "big-shop.example.com" })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P0", rating = 5, author = "First", content = "first", is_published = true })).AssertOk();
        const int count = 20_000;
        await server.QueryAsync(async db =>
        {
            var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var batch = 0; batch < count - 1; batch += 2_000)
            {
                db.Reviews.AddRange(Enumerable.Range(batch, Math.Min(2_000, count - 1 - batch)).Select(i => new Review
                {
                    ShopId = shop.Id, ProductId = "P0", Rating = 1 + i % 5, Author = $"Reviewer {i}", Content = $"Review number {i}, long enough to be a real review.",
                    CommentedAt = at.AddMinutes(i), CreatedAt = at, UpdatedAt = at, IsPublished = true, Source = ReviewSources.Api,
                }));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
            return 0;
        });

        using var response = await server.Http.GetAsync($"{FeedEndpoints.GooglePath}?public_token={Uri.EscapeDataString(shop.PublicToken)}", HttpCompletionOption.ResponseHeadersRead);
        // Written as it is read: sent in chunks, with no length known up front.
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = XmlReader.Create(body, new XmlReaderSettings { Async = true });
        var reviews = 0;
        while (await reader.ReadAsync())
        {
            if (reader is { NodeType: XmlNodeType.Element, Name: "review" })
            {
                reviews++;
            }
        }
        Assert.Equal(count, reviews);
    }

    [Fact]
    public async Task An_unknown_token_gets_404()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync($"{FeedEndpoints.GooglePath}?public_token=nope")).StatusCode);
    }

    /// <summary>Against Google's schema; the copy kept is 2.2, which fixes the version text (see Feeds/README.md).</summary>
    private static void Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Feeds", "product_reviews.xsd"));
        var document = XDocument.Parse(xml.Replace($"<version>{GoogleProductReviewsFeed.SchemaVersion}</version>", "<version>2.2</version>", StringComparison.Ordinal));
        var problems = new List<string>();
        document.Validate(schemas, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + xml);
    }
}
