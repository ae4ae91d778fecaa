using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>The Shoplazza-shaped subscription API: lifecycle, every error of its table, credentials, and its delivery format.</summary>
[Collection(ServerCollection.Name)]
public sealed class ShoplazzaShapeTests(Servers servers)
{
    private const string Webhooks = "/openapi/2022-01/webhooks";
    private const string AllowedTopics = "review/created,review/updated,review/deleted,customer_event/created";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_webhook_is_created_listed_read_updated_and_deleted(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();

        var created = await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "https://example.com/webhook", topic = "review/created" });
        Assert.Equal(200, created.HttpStatus);
        var webhook = created.Root.GetProperty("webhook");
        var id = webhook.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _), id);
        Assert.Equal("https://example.com/webhook", webhook.GetProperty("address").GetString());
        Assert.Equal("review/created", webhook.GetProperty("topic").GetString());
        Assert.Equal("json", webhook.GetProperty("format").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", webhook.GetProperty("created_at").GetString()!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", webhook.GetProperty("updated_at").GetString()!);

        var list = await SendAsync(shop.Client, HttpMethod.Get, Webhooks);
        Assert.Equal([id], list.Root.GetProperty("webhooks").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(1, (await SendAsync(shop.Client, HttpMethod.Get, Webhooks + "/count")).Root.GetProperty("count").GetInt32());
        Assert.Equal("review/created", (await SendAsync(shop.Client, HttpMethod.Get, $"{Webhooks}/{id}")).Root.GetProperty("webhook").GetProperty("topic").GetString());

        var updated = await SendAsync(shop.Client, HttpMethod.Put, $"{Webhooks}/{id}", new { address = "https://example.com/v2", topic = "review/deleted" });
        Assert.Equal(200, updated.HttpStatus);
        Assert.Equal("https://example.com/v2", updated.Root.GetProperty("webhook").GetProperty("address").GetString());
        Assert.Equal("review/deleted", updated.Root.GetProperty("webhook").GetProperty("topic").GetString());

        // One model: the Trustoo-shaped list shows it too, with its shape.
        var trustoo = (await shop.Client.GetAsync("/api/v1/openapi/get_shop_webhooks")).AssertOk().GetProperty("list").EnumerateArray().Single();
        Assert.Equal("shoplazza", trustoo.GetProperty("shape").GetString());
        Assert.Equal("https://example.com/v2", trustoo.GetProperty("url").GetString());

        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Delete, $"{Webhooks}/{id}")).HttpStatus);
        var gone = await SendAsync(shop.Client, HttpMethod.Get, $"{Webhooks}/{id}");
        Assert.Equal(404, gone.HttpStatus);
        Assert.Equal("Record not found", gone.Root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Every_error_of_the_table_is_answered_as_documented()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();

        var malformed = await shop.Client.SendAsync(HttpMethod.Post, Webhooks, jsonBody: "{\"address\": ");
        Assert.Equal(400, malformed.HttpStatus);
        Assert.Equal("Bad Request", malformed.Root.GetProperty("error").GetString());
        Assert.Equal(400, (await shop.Client.SendAsync(HttpMethod.Post, Webhooks, jsonBody: "{\"address\": 12, \"topic\": \"review/created\"}")).HttpStatus);

        using (var anonymous = await server.Http.PostAsync(Webhooks, new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Unauthorized", (await anonymous.ReadEnvelopeAsync()).GetProperty("error").GetString());
        }
        using (var wrongKey = new PlauditClient(server.BaseAddress, shop.PublicToken, "wrong"))
        {
            Assert.Equal(401, (await SendAsync(wrongKey, HttpMethod.Get, Webhooks)).HttpStatus);
        }

        foreach (var missing in (string[])[$"{Webhooks}/{Guid.NewGuid()}", $"{Webhooks}/not-an-id"])
        {
            var notFound = await SendAsync(shop.Client, HttpMethod.Get, missing);
            Assert.Equal(404, notFound.HttpStatus);
            Assert.Equal("""{"error":"Record not found"}""", notFound.Raw);
        }
        Assert.Equal(404, (await SendAsync(shop.Client, HttpMethod.Put, $"{Webhooks}/{Guid.NewGuid()}", new { address = "https://example.com/x" })).HttpStatus);
        Assert.Equal(404, (await SendAsync(shop.Client, HttpMethod.Delete, $"{Webhooks}/{Guid.NewGuid()}")).HttpStatus);

        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "https://example.com/h", topic = "orders/cancelled" }),
            $"Topic is not allowed, allowed topic are: {AllowedTopics}");
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "https://example.com/h" }),
            $"Topic is not allowed, allowed topic are: {AllowedTopics}");
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "", topic = "review/created" }), "Address can't be blank");
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { topic = "review/created" }), "Address can't be blank");
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "not a url", topic = "review/created" }), "Address is invalid");
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "ftp://example.com/h", topic = "review/created" }), "Address is invalid");

        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "https://example.com/1", topic = "review/updated" })).HttpStatus);
        AssertUnprocessable(await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = "https://example.com/2", topic = "review/updated" }), "Topic already exists");
        // Shopify's wrapped body is read too.
        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { webhook = new { address = "https://example.com/3", topic = "review/deleted" } })).HttpStatus);
    }

    [Fact]
    public async Task A_platform_uses_its_bearer_token_in_access_token_and_needs_the_topics_scope()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        var tokens = await server.AuthorizeAsync(platform, merchant, "read_customer_events");

        using var request = new HttpRequestMessage(HttpMethod.Post, Webhooks)
        {
            Content = new StringContent("""{"address":"https://platform.example.com/ce","topic":"customer_event/created"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Access-Token", tokens.AccessToken);
        using var created = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var api = server.Bearer(tokens.AccessToken);
        var denied = await SendAsync(api, HttpMethod.Post, Webhooks, new { address = "https://platform.example.com/r", topic = "review/created" });
        Assert.Equal(403, denied.HttpStatus);
        Assert.Contains("write_reviews", denied.Root.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Single((await SendAsync(api, HttpMethod.Get, Webhooks)).Root.GetProperty("webhooks").EnumerateArray());
        Assert.Empty((await SendAsync(merchant.Shop.Client, HttpMethod.Get, Webhooks)).Root.GetProperty("webhooks").EnumerateArray());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Deliveries_carry_the_data_and_a_shopify_style_signature(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        // Any 2xx is success here: a 201 must not be retried.
        receiver.Respond = (_, _) => new Reply(201, "created");
        var shop = await server.CreateShopAsync();
        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Post, Webhooks, new { address = receiver.Url("/shoplazza"), topic = "review/created" })).HttpStatus);

        var review = (await shop.Client.PostAsync("/api/v1/openapi/create_review", new { rating = 5, author = "Zoe", product_id = "P1" })).AssertOk();
        var delivery = (await receiver.WaitForCountAsync("/shoplazza", 1)).Single();
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(review.GetProperty("id").GetString(), body.RootElement.GetProperty("id").GetString());
        Assert.Equal("Zoe", body.RootElement.GetProperty("author").GetString());
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(shop.PrivateToken));
        var expected = Convert.ToBase64String(hmac.ComputeHash(delivery.Body));
        Assert.Equal(expected, delivery.Header("X-Shoplazza-Hmac-Sha256"));
        Assert.Equal(expected, delivery.Header("X-Shopify-Hmac-Sha256"));
        Assert.Equal("review/created", delivery.Header("X-Shoplazza-Topic"));
        Assert.False(string.IsNullOrEmpty(delivery.Header("X-Shoplazza-Shop-Domain")));

        var recorded = await Eventually.WaitFor(() => server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.WebhookDeliveries, d => d.ShopId == shop.Id && d.Status != "pending")));
        Assert.Equal("succeeded", recorded.Status);
        Assert.Equal(1, recorded.AttemptCount);
    }

    private static void AssertUnprocessable(ApiEnvelope response, string message)
    {
        Assert.Equal(422, response.HttpStatus);
        Assert.Contains(message, response.Root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    private static Task<ApiEnvelope> SendAsync(PlauditClient client, HttpMethod method, string path, object? body = null) =>
        client.SendAsync(method, path, jsonBody: body is null ? null : JsonSerializer.Serialize(body));
}
