using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.CustomerEvents;

[Collection(ServerCollection.Name)]
public sealed class CustomerEventTests(Servers servers)
{
    [Theory, ClassData(typeof(BothProviders))]
    public async Task Recorded_events_are_listed_with_payload_fields_and_fire_their_webhook(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var quiet = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync("/api/v1/openapi/create_shop_webhook", new { topic = "customer_event/created", url = receiver.Url("/events") })).AssertOk();
        await server.ExecuteAsync(async services =>
        {
            var recorder = services.GetRequiredService<CustomerEventRecorder>();
            await recorder.RecordAsync(NewEvent(shop.Id, "VIEW_REVIEW", "IOS", new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc)), CancellationToken.None);
            await recorder.RecordAsync(NewEvent(shop.Id, "CLICK_MEDIA", "ANDROID", new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc)), CancellationToken.None);
            await recorder.RecordAsync(NewEvent(quiet.Id, "VIEW_REVIEW", "IOS", new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc)), CancellationToken.None);
        });

        var list = (await shop.Client.GetAsync("/api/v1/openapi/get_customer_events")).AssertOk().GetProperty("list");
        Assert.Equal(["CLICK_MEDIA", "VIEW_REVIEW"], list.EnumerateArray().Select(e => e.GetProperty("event_type").GetString()));
        var first = list[1];
        string[] fields = ["id", "client_id", "event_type", "event_source", "device_type", "os_type", "page_url", "created_at", "properties"];
        Assert.Equal(fields.Order(), first.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("2026-03-01T10:00:00Z", first.GetProperty("created_at").GetString());
        Assert.Equal("{\"review_id\":\"57748\"}", first.GetProperty("properties").GetString());

        var filtered = (await shop.Client.GetAsync("/api/v1/openapi/get_customer_events",
            [new("event_type", "VIEW_REVIEW"), new("os_type", ""), new("sort_by", "created-ascending"), new("page", "1"), new("page_size", "20"), new("event_source", "STOREFRONT")])).AssertOk();
        Assert.Equal(1, filtered.GetProperty("list").GetArrayLength());
        Assert.Equal(1, (await shop.Client.GetAsync("/api/v1/openapi/get_customer_events", [new("os_type", "ANDROID")])).AssertOk().GetProperty("list").GetArrayLength());

        var delivered = await receiver.WaitForCountAsync("/events", 2);
        Assert.Equal(["CLICK_MEDIA", "VIEW_REVIEW"], delivered.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data").GetProperty("event_type").GetString()).Order());
        var outbox = await server.QueryAsync(db => db.OutboxEvents.Where(e => e.ShopId == shop.Id).Select(e => e.Topic).ToListAsync());
        Assert.Equal(["customer_event/created", "customer_event/created"], outbox);
        // A shop that subscribes to no customer events still lists them, and its events leave nothing for the webhook engine.
        Assert.Equal(1, (await quiet.Client.GetAsync("/api/v1/openapi/get_customer_events")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(0, await server.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.ShopId == quiet.Id)));
    }

    private static CustomerEvent NewEvent(long shopId, string type, string os, DateTime at) => new()
    {
        ShopId = shopId,
        ClientId = "cli_abc123",
        EventType = type,
        EventSource = "STOREFRONT",
        DeviceType = "Mobile",
        OsType = os,
        PageUrl = "https://example.myshopify.com/products/awesome-product",
        Properties = "{\"review_id\":\"57748\"}",
        CreatedAt = at,
    };
}
