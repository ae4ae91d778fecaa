using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Webhooks;

[Collection(ServerCollection.Name)]
public sealed class WebhookSubscriptionTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Webhook_lifecycle_create_list_update_delete(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();

        var created = (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/a" })).AssertOk();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(JsonValueKind.String, created.GetProperty("id").ValueKind);
        Assert.Equal("review/created", created.GetProperty("topic").GetString());
        Assert.Equal("https://hooks.example.com/a", created.GetProperty("url").GetString());
        Assert.Matches(@"Z$", created.GetProperty("created_at").GetString());
        Assert.Matches(@"Z$", created.GetProperty("updated_at").GetString());

        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/a" })).AssertError(6);
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/deleted", url = "https://hooks.example.com/a" })).AssertOk();

        var updated = (await shop.Client.PostAsync(Api + "update_shop_webhook", new { id, url = "https://hooks.example.com/b" })).AssertOk();
        Assert.Equal("https://hooks.example.com/b", updated.GetProperty("url").GetString());
        var put = (await shop.Client.SendAsync(HttpMethod.Put, Api + "update_shop_webhook", jsonBody: JsonSerializer.Serialize(new { id, url = "https://hooks.example.com/c" }))).AssertOk();
        Assert.Equal("https://hooks.example.com/c", put.GetProperty("url").GetString());

        var list = (await shop.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list");
        Assert.Equal(["https://hooks.example.com/c", "https://hooks.example.com/a"], list.EnumerateArray().Select(w => w.GetProperty("url").GetString()));
        Assert.Equal("trustoo", list[0].GetProperty("shape").GetString());

        (await shop.Client.PostAsync(Api + "delete_shop_webhook", new { id })).AssertOk();
        (await shop.Client.PostAsync(Api + "delete_shop_webhook", new { id })).AssertError(5);
        var other = list[1].GetProperty("id").GetString()!;
        (await shop.Client.SendAsync(HttpMethod.Delete, Api + "delete_shop_webhook", jsonBody: JsonSerializer.Serialize(new { id = other }))).AssertOk();
        Assert.Equal(0, (await shop.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"topic":"order/created","url":"https://x.example.com"}""", "topic must be one of: review/created, review/updated, review/deleted, customer_event/created")]
    [InlineData("""{"url":"https://x.example.com"}""", "topic is required")]
    [InlineData("""{"topic":"review/created"}""", "url is required")]
    [InlineData("""{"topic":"review/created","url":"ftp://x.example.com/hook"}""", "url must be an absolute http(s) URL")]
    [InlineData("""{"topic":"review/created","url":"/relative/hook"}""", "url must be an absolute http(s) URL")]
    [InlineData("""{"topic":"review/created","url":42}""", "url must be a string")]
    public async Task Invalid_subscription_is_code_3(string body, string message)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.SendAsync(HttpMethod.Post, Api + "create_shop_webhook", jsonBody: body)).AssertError(3, message);
    }

    [Fact]
    public async Task Url_longer_than_2048_characters_is_code_3()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var url = "https://x.example.com/" + new string('a', 2040);
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url })).AssertError(3, "url");
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Another_shop_cannot_see_or_change_a_webhook(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var owner = await server.CreateShopAsync();
        var stranger = await server.CreateShopAsync();
        var id = (await owner.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/x" })).AssertOk().GetProperty("id").GetString()!;

        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());
        (await stranger.Client.PostAsync(Api + "update_shop_webhook", new { id, url = "https://evil.example.com" })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "delete_shop_webhook", new { id })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/x" })).AssertOk();
        Assert.Equal("https://hooks.example.com/x", (await owner.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list")[0].GetProperty("url").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Another_shop_cannot_see_resend_or_test_a_shops_deliveries(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var owner = await server.CreateShopAsync();
        var stranger = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await owner.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/owner") })).AssertOk();
        (await owner.Client.PostAsync(Api + "create_review", new { rating = 5, author = "x" })).AssertOk();
        await receiver.WaitForCountAsync("/owner", 1);
        var deliveryId = (await owner.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("list")[0].GetProperty("id").GetString()!;

        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("list").GetArrayLength());
        (await stranger.Client.PostAsync(Api + "resend_webhook_delivery", new { id = deliveryId })).AssertError(5);
        Assert.Equal(0, (await stranger.Client.PostAsync(Api + "recover_webhook_deliveries", new { since = "2000-01-01T00:00:00Z" })).AssertOk().GetProperty("recovered").GetInt32());
        (await stranger.Client.PostAsync(Api + "send_test_webhook", new { topic = "review/created" })).AssertError(5);

        // None of that queued anything: the owner's one delivery is done, and nothing else can arrive.
        await server.WaitUntilDeliveredAsync(owner, stranger);
        var delivery = (await owner.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("list").EnumerateArray().Single();
        Assert.Equal(1, delivery.GetProperty("attempt_count").GetInt32());
        Assert.Equal(0, await server.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.ShopId == stranger.Id)));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Update_of_unknown_id_is_code_5_and_without_url_is_code_3()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "update_shop_webhook", new { id = "424242", url = "https://x.example.com" })).AssertError(5);
        (await shop.Client.PostAsync(Api + "update_shop_webhook", new { id = "1" })).AssertError(3, "url");
        (await shop.Client.PostAsync(Api + "update_shop_webhook", new { url = "https://x.example.com" })).AssertError(3, "id is required");
    }
}
