using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary>The public widget endpoints: listing with ETags and CORS for the shop's site, submitting with moderation and spam checks, events.</summary>
[Collection(ServerCollection.Name)]
public sealed class StorefrontTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_submitted_review_waits_for_moderation_then_shows_in_the_cached_list(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/updated", url = receiver.Url("/updated") })).AssertOk();

        var submitted = await server.Http.PostAsJsonAsync(Url(shop, "reviews"), new { product_id = "P1", rating = 5, author = "Ana", author_email = "Ana@Example.com", title = "Great", content = "Loved it." });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var pending = await submitted.ReadEnvelopeAsync();
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        var id = pending.GetProperty("id").GetString()!;

        var empty = await server.Http.GetAsync(Url(shop, "reviews", ("product_id", "P1")));
        Assert.Equal(0, (await empty.ReadEnvelopeAsync()).GetProperty("reviews").GetArrayLength());
        var etag = empty.Headers.ETag!.ToString();

        // The merchant publishes and replies; each change fires review/updated.
        (await shop.Client.PostAsync(Api + "update_review", new { id, is_published = 1, is_top = 1, tag = "hero" })).AssertOk();
        var replied = (await shop.Client.PostAsync(Api + "reply_review", new { id, content = "Thank you!" })).AssertOk();
        Assert.Equal("Thank you!", replied.GetProperty("reply").GetProperty("content").GetString());
        await receiver.WaitForCountAsync("/updated", 2);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, Url(shop, "reviews", ("product_id", "P1")));
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await server.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var list = await changed.ReadEnvelopeAsync();
        var review = list.GetProperty("reviews").EnumerateArray().Single();
        Assert.Equal("Ana", review.GetProperty("author").GetString());
        Assert.True(review.GetProperty("is_top").GetBoolean());
        Assert.Equal("Thank you!", review.GetProperty("reply").GetProperty("content").GetString());
        Assert.False(review.TryGetProperty("author_email", out _));
        Assert.Equal("5", list.GetProperty("rating").GetProperty("rating_value").GetString());
        Assert.Equal(1, list.GetProperty("rating").GetProperty("review_count").GetInt32());

        using var same = new HttpRequestMessage(HttpMethod.Get, Url(shop, "reviews", ("product_id", "P1")));
        same.Headers.TryAddWithoutValidation("If-None-Match", changed.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(same)).StatusCode);
    }

    [Fact]
    public async Task Cors_allows_only_the_shops_own_site()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { domain = "shop-cors.example.com" })).AssertOk();

        foreach (var (origin, allowed) in new[] { ("https://shop-cors.example.com", true), ("https://www.shop-cors.example.com", true), ("https://evil.example.com", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, Url(shop, "reviews"));
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await server.Http.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);

            using var get = new HttpRequestMessage(HttpMethod.Get, Url(shop, "reviews"));
            get.Headers.Add("Origin", origin);
            using var answer = await server.Http.SendAsync(get);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(allowed, answer.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Spam_is_refused_bots_are_ignored_and_auto_publish_skips_moderation()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { auto_publish_reviews = 1 })).AssertOk();
        var url = Url(shop, "reviews");

        var published = await server.Http.PostAsJsonAsync(url, new { rating = 4, author = "Bo", author_email = "bo@example.com", content = "Solid." });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("published", (await published.ReadEnvelopeAsync()).GetProperty("status").GetString());

        var duplicate = await server.Http.PostAsJsonAsync(url, new { rating = 4, author = "Bo", author_email = "bo@example.com", content = "Solid." });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var links = await server.Http.PostAsJsonAsync(url, new { rating = 5, author = "Cy", author_email = "cy@example.com", content = "Buy at http://a.example http://b.example www.c.example" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, links.StatusCode);
        var invalid = await server.Http.PostAsJsonAsync(url, new { rating = 6, author = "Di", author_email = "not-an-email", content = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("rating", (await invalid.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);

        var bot = await server.Http.PostAsJsonAsync(url, new { rating = 5, author = "Bot", author_email = "bot@example.com", content = "Nice", website = "http://spam.example" });
        Assert.Equal(HttpStatusCode.Accepted, bot.StatusCode);
        var stored = (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray().Select(r => r.GetProperty("author").GetString()).ToList();
        Assert.Equal(["Bo"], stored);

        var unknown = await server.Http.GetAsync("/storefront/v1/reviews?public_token=nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Too large a body: a status code and the storefront's error shape, not the Open API envelope.
        var huge = await server.Http.PostAsJsonAsync(url, new { rating = 5, author = "Big", author_email = "big@example.com", content = new string('x', 2 * 1024 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.False((await huge.ReadEnvelopeAsync()).TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Submissions_are_rate_limited_per_client_address()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(("Storefront:SubmissionsPerMinute", "2")));
        var shop = await server.CreateShopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.Http.PostAsJsonAsync(Url(shop, "reviews"), new { rating = 5, author = "R" + i, author_email = $"r{i}@example.com", content = "Review " + i });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Widget_events_appear_in_get_customer_events_and_fire_webhooks(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "customer_event/created", url = receiver.Url("/events") })).AssertOk();

        var recorded = await server.Http.PostAsJsonAsync(Url(shop, "events"), new
        {
            event_type = "EXPAND_CONTENT", client_id = "c-1", page_url = "https://shop.example.com/p/1", device_type = "Mobile", os_type = "IOS",
            properties = new { review_id = "42" },
        });
        Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        var listed = (await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray().Single();
        Assert.Equal("EXPAND_CONTENT", listed.GetProperty("event_type").GetString());
        Assert.Equal("STOREFRONT", listed.GetProperty("event_source").GetString());
        var webhook = (await receiver.WaitForCountAsync("/events", 1)).Single();
        using var body = JsonDocument.Parse(webhook.Body);
        Assert.Equal("customer_event/created", body.RootElement.GetProperty("event").GetString());

        var bad = await server.Http.PostAsJsonAsync(Url(shop, "events"), new { event_type = "drop table" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("event_type", (await bad.ReadEnvelopeAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_same_text_from_the_same_email_is_refused_only_within_the_duplicate_window(DatabaseProvider provider)
    {
        var clock = FakeClock.StartingNow();
        await using var server = await PlauditServer.StartAsync(provider, clock: clock);
        var shop = await server.CreateShopAsync();
        var url = Url(shop, "reviews");
        object Review(string email) => new { rating = 4, author = "Bo", author_email = email, content = "Solid." };

        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.PostAsJsonAsync(url, Review("bo@example.com"))).StatusCode);
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.Conflict, (await server.Http.PostAsJsonAsync(url, Review("bo@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.PostAsJsonAsync(url, Review("other@example.com"))).StatusCode);
        // A day after the first (the default window), the same text is a new review.
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.PostAsJsonAsync(url, Review("bo@example.com"))).StatusCode);
    }

    private static string Url(TestShop shop, string path, params (string Key, string Value)[] query)
    {
        var parameters = new Dictionary<string, string?> { ["public_token"] = shop.PublicToken };
        foreach (var (key, value) in query)
        {
            parameters[key] = value;
        }
        return QueryHelpers.AddQueryString("/storefront/v1/" + path, parameters);
    }
}
