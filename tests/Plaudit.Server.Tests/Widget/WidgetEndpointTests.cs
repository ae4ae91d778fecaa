using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;
using Plaudit.Server.Widget;
using Xunit.Abstractions;

namespace Plaudit.Server.Tests.Widget;

/// <summary>What the widget calls, over HTTP: the script itself, stars in one request, one star's reviews, event batches, the upload permission.</summary>
[Collection(ServerCollection.Name)]
public sealed class WidgetEndpointTests(Servers servers, ITestOutputHelper output)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public void The_widget_script_stays_within_30_KB_gzipped()
    {
        var script = new WidgetScript();
        output.WriteLine($"plaudit.js: {script.Bytes.Length:N0} bytes, {script.Gzipped.Length:N0} bytes gzipped (budget 30,720)");
        Assert.InRange(script.Gzipped.Length, 1, 30 * 1024);
    }

    [Fact]
    public async Task The_script_is_served_gzipped_revalidated_hourly_and_immutable_at_its_pinned_url()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var script = new WidgetScript();
        using var request = new HttpRequestMessage(HttpMethod.Get, WidgetEndpoints.Path);
        request.Headers.Add("Accept-Encoding", "gzip");
        using var gzipped = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, gzipped.StatusCode);
        Assert.Equal("text/javascript", gzipped.Content.Headers.ContentType!.MediaType);
        Assert.Equal("gzip", gzipped.Content.Headers.ContentEncoding.Single());
        Assert.Contains("max-age=3600", gzipped.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        await using (var unzip = new GZipStream(await gzipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        using (var plain = new MemoryStream())
        {
            await unzip.CopyToAsync(plain);
            Assert.Equal(script.Bytes, plain.ToArray());
        }

        using var pinned = await server.Http.GetAsync(WidgetEndpoints.PinnedPath(script));
        Assert.Equal("public, max-age=31536000, immutable", pinned.Headers.CacheControl!.ToString());
        Assert.Equal(script.Bytes, await pinned.Content.ReadAsByteArrayAsync());
        using var again = new HttpRequestMessage(HttpMethod.Get, WidgetEndpoints.Path);
        again.Headers.TryAddWithoutValidation("If-None-Match", pinned.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(again)).StatusCode);
        // An old build's URL never serves other bytes under its name: it redirects to the current one.
        using var old = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress }.GetAsync("/widget/v1/0000000000000000/plaudit.js");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal(WidgetEndpoints.PinnedPath(script), old.Headers.Location!.ToString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Stars_answer_every_requested_product_in_one_request(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        foreach (var (product, rating) in new[] { ("A", 5), ("A", 4), ("B", 2) })
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = product, rating, author = "Ann", content = "ok", is_published = true })).AssertOk();
        }
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "B", rating = 1, author = "Hidden", content = "draft", is_published = false })).AssertOk();

        using var answer = await server.Http.GetAsync(Url(shop, "stars", ("product_ids", "B,A,none,A")));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var products = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("product_id").GetString()!, p => p.GetProperty("rating"));
        Assert.Equal(["A", "B", "none"], products.Keys.Order().ToArray());
        Assert.Equal("4.5", products["A"].GetProperty("rating_value").GetString());
        Assert.Equal(2, products["A"].GetProperty("review_count").GetInt32());
        Assert.Equal(1, products["B"].GetProperty("review_count").GetInt32());
        Assert.Equal(0, products["none"].GetProperty("review_count").GetInt32());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, Url(shop, "stars", ("product_ids", "A,B,none")));
        conditional.Headers.TryAddWithoutValidation("If-None-Match", answer.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(conditional)).StatusCode);

        var tooMany = string.Join(',', Enumerable.Range(0, 101).Select(i => $"p{i}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync(Url(shop, "stars", ("product_ids", tooMany)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync(Url(shop, "stars"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/storefront/v1/stars?public_token=nope&product_ids=A")).StatusCode);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Reviews_of_one_star_page_by_that_stars_count(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        for (var i = 0; i < 5; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P", rating = i < 3 ? 4 : 2, author = $"A{i}", content = "ok", is_published = true,
                commented_at = new DateTime(2026, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc) })).AssertOk();
        }
        var page1 = await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews/by_rating", ("rating", "4"), ("product_id", "P"), ("page_size", "2")));
        Assert.Equal(["A2", "A1"], page1.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("author").GetString()!).ToArray());
        Assert.Equal(3, page1.GetProperty("page").GetProperty("total").GetInt32());
        Assert.Equal(2, page1.GetProperty("page").GetProperty("total_page").GetInt32());
        Assert.Equal(5, page1.GetProperty("rating").GetProperty("review_count").GetInt32());
        var oldest = await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews/by_rating", ("rating", "2"), ("product_id", "P"), ("sort", "oldest")));
        Assert.Equal(["A3", "A4"], oldest.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("author").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync(Url(shop, "reviews/by_rating", ("rating", "6")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync(Url(shop, "reviews/by_rating"))).StatusCode);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_list_filtered_by_rating_answers_what_by_rating_answers_and_follows_changes(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        for (var i = 0; i < 5; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P", rating = i < 3 ? 4 : 2, author = $"A{i}", content = "ok", is_published = true,
                commented_at = new DateTime(2026, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc) })).AssertOk();
        }
        // Neither another product's review nor an unpublished one of the same star is listed.
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "Q", rating = 4, author = "Other", content = "ok", is_published = true })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P", rating = 4, author = "Hidden", content = "ok", is_published = false })).AssertOk();

        using var filtered = await server.Http.GetAsync(Url(shop, "reviews", ("rating", "4"), ("product_id", "P"), ("page_size", "2")));
        var page1 = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["A2", "A1"], Authors(page1));
        Assert.Equal(3, page1.GetProperty("page").GetProperty("total").GetInt32());
        Assert.Equal(2, page1.GetProperty("page").GetProperty("total_page").GetInt32());
        Assert.Equal(5, page1.GetProperty("rating").GetProperty("review_count").GetInt32());
        var page2 = await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "4"), ("product_id", "P"), ("page_size", "2"), ("page", "2")));
        Assert.Equal(["A0"], Authors(page2));

        // The older spelling answers the same bytes (the same cached entry).
        using var old = await server.Http.GetAsync(Url(shop, "reviews/by_rating", ("rating", "4"), ("product_id", "P"), ("page_size", "2")));
        Assert.Equal(await filtered.Content.ReadAsStringAsync(), await old.Content.ReadAsStringAsync());
        Assert.Equal(filtered.Headers.ETag, old.Headers.ETag);

        // Every review of one star has the same stars: "lowest" and "highest" order as "newest".
        Assert.Equal(["A2", "A1", "A0"], Authors(await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "4"), ("product_id", "P"), ("sort", "lowest")))));
        Assert.Equal(["A3", "A4"], Authors(await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "2"), ("product_id", "P"), ("sort", "oldest")))));
        Assert.Equal(4, (await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "4")))).GetProperty("page").GetProperty("total").GetInt32());
        Assert.Empty(Authors(await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "1"), ("product_id", "P")))));
        // An empty value is no filter, as for every query field.
        Assert.Equal(5, (await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", ""), ("product_id", "P")))).GetProperty("page").GetProperty("total").GetInt32());

        // A newly published 4-star review shows at once: the cached page is keyed by what it shows.
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P", rating = 4, author = "New", content = "ok", is_published = true,
            commented_at = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) })).AssertOk();
        var after = await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "reviews", ("rating", "4"), ("product_id", "P"), ("page_size", "2")));
        Assert.Equal(["New", "A2"], Authors(after));
        Assert.Equal(4, after.GetProperty("page").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("-1")]
    [InlineData("4.5")]
    [InlineData("four")]
    [InlineData("99999999999999999999")]
    [InlineData("4 OR 1=1")]
    public async Task A_rating_filter_outside_1_to_5_is_refused_with_the_storefront_error(string rating)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        using var answer = await server.Http.GetAsync(Url(shop, "reviews", ("rating", rating), ("product_id", "P")));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_argument", error.GetProperty("error").GetString());
        Assert.Contains("rating", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task An_event_batch_records_each_event_and_is_refused_whole_when_one_is_bad(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "customer_event/created", url = receiver.Url("/events") })).AssertOk();

        var bad = await server.Http.PostAsJsonAsync(Url(shop, "events/batch"), new { client_id = "c1", events = new object[] { new { event_type = "VIEW_WIDGET" }, new { event_type = "lower" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("events[1].event_type", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsJsonAsync(Url(shop, "events/batch"), new { events = Enumerable.Repeat(new { event_type = "VIEW_WIDGET" }, 26) })).StatusCode);

        var sent = await server.Http.PostAsJsonAsync(Url(shop, "events/batch"), new
        {
            client_id = "c1", page_url = "https://shop.example.com/p", device_type = "Desktop", os_type = "LINUX",
            events = new object[] { new { event_type = "VIEW_WIDGET", properties = new { product_id = "P1" } }, new { event_type = "CLICK_MEDIA", properties = new { review_id = "9" } } },
        });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(2, (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").GetArrayLength());
        var listed = (await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(["CLICK_MEDIA", "VIEW_WIDGET"], listed.Select(e => e.GetProperty("event_type").GetString()!).Order().ToArray());
        Assert.All(listed, e => Assert.Equal("https://shop.example.com/p", e.GetProperty("page_url").GetString()));
        await receiver.WaitForCountAsync("/events", 2);
    }

    [Fact]
    public async Task A_shoppers_upload_permission_is_for_images_only_and_limited_per_address()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.Shared.With(("Storefront:UploadPoliciesPerMinute", "2")));
        var shop = await server.CreateShopAsync();
        var policy = await server.Http.GetFromJsonAsync<JsonElement>(Url(shop, "image_upload_policy", ("content_type", "image/png")));
        Assert.StartsWith(server.BaseAddress.ToString(), policy.GetProperty("host").GetString(), StringComparison.Ordinal);
        Assert.Equal("image/png", policy.GetProperty("fields").GetProperty("Content-Type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync(Url(shop, "image_upload_policy", ("content_type", "video/mp4")))).StatusCode);

        // The policy takes images only: a video sent under it is refused.
        using var form = new MultipartFormDataContent();
        foreach (var field in policy.GetProperty("fields").EnumerateObject())
        {
            form.Add(new StringContent(field.Name == "key" ? policy.GetProperty("dir").GetString() + "clip.mp4" : field.Value.GetString()!), field.Name);
        }
        form.Add(new ByteArrayContent([0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), 0, 0, 0, 0]), "file", "clip.mp4");
        var refused = await server.Http.PostAsync(policy.GetProperty("host").GetString(), form);
        Assert.False(refused.IsSuccessStatusCode);

        var limited = await server.Http.GetAsync(Url(shop, "image_upload_policy"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    private static string[] Authors(JsonElement list) => list.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("author").GetString()!).ToArray();

    private static string Url(TestShop shop, string path, params (string Name, string Value)[] query) =>
        QueryHelpers.AddQueryString($"/storefront/v1/{path}", new Dictionary<string, string?>(query.Select(q => KeyValuePair.Create(q.Name, (string?)q.Value)))
        {
            ["public_token"] = shop.PublicToken,
        });
}
