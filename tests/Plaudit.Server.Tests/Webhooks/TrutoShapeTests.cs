using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>The Truto-shaped subscription API: lifecycle, validation, secrets, and its delivery format with Standard Webhooks headers.</summary>
[Collection(ServerCollection.Name)]
public sealed class TrutoShapeTests(Servers servers)
{
    private const string Webhook = "/webhook";
    private const string TrutoTime = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$";
    private const string Rfc4122Uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_webhook_is_created_listed_read_patched_and_deleted(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var created = await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com/webhook", is_active = true, event_types = Array.Empty<string>() });
        Assert.Equal(201, created.HttpStatus);
        var webhook = created.Root;
        var id = webhook.GetProperty("id").GetString()!;
        // The spec types these "string · uuid": RFC 4122 versions 1-5, as strict validators check them.
        Assert.Matches(Rfc4122Uuid, id);
        Assert.Matches(Rfc4122Uuid, webhook.GetProperty("environment_id").GetString());
        Assert.Matches(Rfc4122Uuid, webhook.GetProperty("secret").GetString());
        Assert.Empty(webhook.GetProperty("event_types").EnumerateArray());
        Assert.True(webhook.GetProperty("is_active").GetBoolean());
        Assert.Equal("https://example.com/webhook", webhook.GetProperty("target_url").GetString());
        Assert.Matches(TrutoTime, webhook.GetProperty("created_at").GetString()!);
        Assert.Matches(TrutoTime, webhook.GetProperty("updated_at").GetString()!);

        // A second webhook: its own secret, the same owner (environment).
        var second = (await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com/2", event_types = new List<string> { "review:created" } })).Root;
        Assert.NotEqual(webhook.GetProperty("secret").GetString(), second.GetProperty("secret").GetString());
        Assert.Equal(webhook.GetProperty("environment_id").GetString(), second.GetProperty("environment_id").GetString());
        Assert.Equal(["review/created"], second.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        // Another shop's webhook, to Truto's own event types as its document's example shows them:
        // accepted and kept, though Plaudit never fires them.
        var foreignCreated = await SendAsync(other.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com/3", event_types = new List<string> { "integrated_account:created", "integrated_account:updated" } });
        Assert.Equal(201, foreignCreated.HttpStatus);
        var foreign = foreignCreated.Root;
        Assert.Equal(["integrated_account:created", "integrated_account:updated"], foreign.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEqual(webhook.GetProperty("environment_id").GetString(), foreign.GetProperty("environment_id").GetString());

        var list = (await SendAsync(shop.Client, HttpMethod.Get, Webhook)).Root.GetProperty("result");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(webhook.GetProperty("secret").GetString(), (await SendAsync(shop.Client, HttpMethod.Get, $"{Webhook}/{id}")).Root.GetProperty("secret").GetString());
        Assert.Equal(404, (await SendAsync(other.Client, HttpMethod.Get, $"{Webhook}/{id}")).HttpStatus);

        var patched = await SendAsync(shop.Client, HttpMethod.Patch, $"{Webhook}/{id}", new { is_active = false, event_types = new List<string> { "review:created", "customer_event/created" } });
        Assert.Equal(200, patched.HttpStatus);
        Assert.False(patched.Root.GetProperty("is_active").GetBoolean());
        Assert.Equal(["review/created", "customer_event/created"], patched.Root.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("https://example.com/webhook", patched.Root.GetProperty("target_url").GetString());

        var trustoo = (await shop.Client.GetAsync("/api/v1/openapi/get_shop_webhooks")).AssertOk().GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(2, trustoo.Count);
        Assert.All(trustoo, w => Assert.Equal("truto", w.GetProperty("shape").GetString()));

        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Delete, $"{Webhook}/{id}")).HttpStatus);
        Assert.Equal(404, (await SendAsync(shop.Client, HttpMethod.Get, $"{Webhook}/{id}")).HttpStatus);
    }

    [Fact]
    public async Task Bad_input_gets_a_4xx_naming_the_field()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { is_active = true }), 400, "target_url");
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "nope" }), 400, "target_url");
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com", event_types = new List<string> { "review/created", "order:paid" } }), 400, "event_types[1]");
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com", event_types = "review/created" }), 400, "event_types");
        await AssertBadAsync(await shop.Client.SendAsync(HttpMethod.Post, Webhook, jsonBody: """{"target_url":"https://example.com","event_types":["review:created",null]}"""), 400, "event_types[1]");
        await AssertBadAsync(await shop.Client.SendAsync(HttpMethod.Patch, $"{Webhook}/{Guid.NewGuid()}", jsonBody: """{"event_types":[null]}"""), 400, "event_types[0]");
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = "https://example.com", is_active = "yes" }), 400, "is_active");
        await AssertBadAsync(await shop.Client.SendAsync(HttpMethod.Post, Webhook, jsonBody: "{\"target_url\""), 400, "JSON");
        await AssertBadAsync(await SendAsync(shop.Client, HttpMethod.Patch, $"{Webhook}/{Guid.NewGuid()}", new { is_active = false }), 404, "No webhook");
        using var anonymous = await server.Http.GetAsync(Webhook);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(401, (await anonymous.ReadEnvelopeAsync()).GetProperty("statusCode").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Deliveries_are_signed_with_the_webhooks_secret_and_standard_webhooks_headers(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => new Reply(204, "");
        var shop = await server.CreateShopAsync();
        var all = (await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = receiver.Url("/all") })).Root;
        var inactive = (await SendAsync(shop.Client, HttpMethod.Post, Webhook, new { target_url = receiver.Url("/inactive"), is_active = false })).Root;
        var secret = all.GetProperty("secret").GetString()!;

        (await shop.Client.PostAsync("/api/v1/openapi/create_review", new { rating = 4, author = "Yan", product_id = "P1" })).AssertOk();
        var delivery = (await receiver.WaitForCountAsync("/all", 1)).Single(r => r.Path == "/all");
        using var body = JsonDocument.Parse(delivery.Body);
        var root = body.RootElement;
        Assert.Equal("review/created", root.GetProperty("event").GetString());
        Assert.Equal("Yan", root.GetProperty("payload").GetProperty("author").GetString());
        Assert.Equal(all.GetProperty("environment_id").GetString(), root.GetProperty("environment_id").GetString());
        Assert.Equal(all.GetProperty("id").GetString(), root.GetProperty("webhook_id").GetString());
        Assert.Matches(TrutoTime, root.GetProperty("created_at").GetString()!);

        var key = Encoding.UTF8.GetBytes(secret);
        Assert.Equal("format=sha256,v=" + Convert.ToBase64String(HMACSHA256.HashData(key, delivery.Body)), delivery.Header("x-truto-signature"));
        // Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", base64, "v1," prefix.
        var webhookId = delivery.Header("webhook-id");
        Assert.Equal(root.GetProperty("id").GetString(), webhookId);
        var timestamp = delivery.Header("webhook-timestamp");
        var signed = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.").Concat(delivery.Body).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)), delivery.Header("webhook-signature"));

        // Every event type reaches an all-types webhook, including customer events; inactive ones get nothing.
        await server.ExecuteAsync(services => services.GetRequiredService<Plaudit.Server.CustomerEvents.CustomerEventRecorder>().RecordAsync(
            new Plaudit.Server.CustomerEvents.CustomerEvent { ShopId = shop.Id, EventType = "VIEW_REVIEW", CreatedAt = DateTime.UtcNow }, CancellationToken.None));
        await receiver.WaitForCountAsync("/all", 2);
        await server.WaitForOutboxDispatchedAsync();
        var inactiveId = Guid.Parse(inactive.GetProperty("id").GetString()!);
        Assert.Equal(0, await server.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.PublicId == inactiveId))));
        Assert.DoesNotContain(receiver.Received, r => r.Path == "/inactive");

        // Truto's test call sends a sample through the same engine.
        Assert.Equal(200, (await SendAsync(shop.Client, HttpMethod.Post, Webhook + "/test", new { id = all.GetProperty("id").GetString() })).HttpStatus);
        await receiver.WaitForCountAsync("/all", 3);
    }

    private static async Task AssertBadAsync(ApiEnvelope response, int status, string mentions)
    {
        Assert.True(response.HttpStatus == status, $"expected {status}: {response.HttpStatus} {response.Raw}");
        Assert.Equal(status, response.Root.GetProperty("statusCode").GetInt32());
        Assert.Contains(mentions, response.Root.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    private static Task<ApiEnvelope> SendAsync(PlauditClient client, HttpMethod method, string path, object? body = null) =>
        client.SendAsync(method, path, jsonBody: body is null ? null : JsonSerializer.Serialize(body));
}
