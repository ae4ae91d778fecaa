using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.Orders;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

/// <summary>One shop never sees or changes another shop's data, on any endpoint.</summary>
[Collection(ServerCollection.Name)]
public sealed class ShopIsolationTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    private static readonly string[] Covered =
    [
        "get_reviews", "get_review", "get_rating", "create_review", "delete_review", "get_orders", "get_customer_events",
        "get_customer_excludes", "create_customer_exclude", "delete_customer_exclude", "email_unsubscribe",
        // Webhook endpoints: isolation is tested in WebhookSubscriptionTests and below.
        "create_shop_webhook", "update_shop_webhook", "delete_shop_webhook", "get_shop_webhooks", "send_test_webhook",
        "get_webhook_deliveries", "resend_webhook_delivery", "recover_webhook_deliveries",
        // OAuth, platform management and the merchant session: isolation is tested in the OAuth folder
        // (a token, a session and a grant each name exactly one shop).
        "get_oauth_authorize_url", "oauth/authorize", "oauth/token", "oauth/disconnect", "cancel_authorization",
        "get_shop_install_status", "get_shop_authorization_info",
        "get_open_api_information", "get_open_api_private_token", "reset_open_api_private_token",
        // Media: upload keys are per shop; LocalMediaTests checks one shop cannot use another's uploads.
        "get_video_upload_url", "get_image_upload_policy_token",
        "update_review", "reply_review",
        // import_orders: OrderImportTests checks an import never touches another shop's orders.
        "import_orders",
        // Settings name no record: each call reads or writes only the caller's own shop row.
        "get_shop_settings", "update_shop_settings",
    ];

    [Fact]
    public async Task Every_open_api_endpoint_is_covered_by_the_isolation_test()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(r => r.StartsWith("/api/v1/openapi/", StringComparison.Ordinal))
            .Select(r => r["/api/v1/openapi/".Length..])
            .Distinct();
        Assert.Equal(Covered.Order(), routes.Order());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_shop_cannot_read_or_change_another_shops_data(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var owner = await server.CreateShopAsync("Owner");
        var stranger = await server.CreateShopAsync("Stranger");

        var reviewId = (await owner.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Owner's fan", product_id = "P1" })).AssertOk().GetProperty("id").GetString()!;
        var exclusionId = (await owner.Client.PostAsync(Api + "create_customer_exclude", new { email = "vip@example.com" })).AssertOk().GetProperty("id").GetString()!;
        await server.ExecuteAsync(async services =>
        {
            var db = services.GetDb();
            db.Orders.Add(new Order { ShopId = owner.Id, OrderId = "O-1", CustomerEmail = "vip@example.com", OrderedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await services.GetRequiredService<CustomerEventRecorder>().RecordAsync(new CustomerEvent { ShopId = owner.Id, EventType = "VIEW_REVIEW", CreatedAt = DateTime.UtcNow }, CancellationToken.None);
        });

        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("page").GetProperty("total").GetInt64());
        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_reviews", [new("product_ids", "P1")])).AssertOk().GetProperty("list").GetArrayLength());
        (await stranger.Client.GetAsync(Api + "get_review", [new("id", reviewId)])).AssertError(5);
        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_rating", [new("product_id", "P1")])).AssertOk().GetProperty("review_count").GetInt32());
        (await stranger.Client.PostAsync(Api + "delete_review", new { id = reviewId })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "update_review", new { id = reviewId, is_published = 0 })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "reply_review", new { id = reviewId, content = "not yours" })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "create_review", new { rating = 1, author = "troll", product_id = "P1" })).AssertOk();
        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_orders")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(0, (await stranger.Client.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list").GetArrayLength());
        (await stranger.Client.PostAsync(Api + "delete_customer_exclude", new { id = exclusionId })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "delete_customer_exclude", new { email = "vip@example.com" })).AssertError(5);
        (await stranger.Client.PostAsync(Api + "create_customer_exclude", new { email = "vip@example.com" })).AssertOk();
        (await stranger.Client.PostAsync(Api + "email_unsubscribe", new { email = "other@example.com" })).AssertOk();

        // The owner's data is untouched by all of the above.
        var ownerReview = (await owner.Client.GetAsync(Api + "get_review", [new("id", reviewId)])).AssertOk();
        Assert.Equal("Owner's fan", ownerReview.GetProperty("author").GetString());
        var rating = (await owner.Client.GetAsync(Api + "get_rating", [new("product_id", "P1")])).AssertOk();
        Assert.Equal("5", rating.GetProperty("rating_value").GetString());
        Assert.Equal(1, (await owner.Client.GetAsync(Api + "get_orders")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(1, (await owner.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").GetArrayLength());
        var exclusions = (await owner.Client.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list");
        Assert.Equal(["vip@example.com"], exclusions.EnumerateArray().Select(e => e.GetProperty("email").GetString()));
    }
}
