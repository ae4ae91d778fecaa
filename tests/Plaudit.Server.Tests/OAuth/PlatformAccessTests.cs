using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Platforms;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OAuth;

/// <summary>What a bearer token may do: scopes, grant revocation (7), platform and shop isolation, platform management, system webhooks.</summary>
[Collection(ServerCollection.Name)]
public sealed class PlatformAccessTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    /// <summary>One call per scope of the spec's table, and the scope it needs.</summary>
    private static readonly (string Scope, HttpMethod Method, string Path, object? Body)[] CallsByScope =
    [
        ("read_reviews", HttpMethod.Get, "get_reviews", null),
        ("read_reviews", HttpMethod.Get, "get_rating", null),
        ("write_reviews", HttpMethod.Post, "create_review", new { rating = 4, author = "Bo", product_id = "P9" }),
        ("write_reviews", HttpMethod.Post, "create_shop_webhook", new { topic = "review/created", url = "https://hooks.example.com/r" }),
        ("read_orders", HttpMethod.Get, "get_orders", null),
        ("read_customer_events", HttpMethod.Get, "get_customer_events", null),
        ("read_customer_events", HttpMethod.Post, "create_shop_webhook", new { topic = "customer_event/created", url = "https://hooks.example.com/c" }),
        ("read_customers", HttpMethod.Get, "get_customer_excludes", null),
        ("write_customers", HttpMethod.Post, "create_customer_exclude", new { email = "x@example.com" }),
        ("write_customers", HttpMethod.Post, "email_unsubscribe", new { email = "y@example.com" }),
        ("read_shop_install_status", HttpMethod.Get, "get_shop_install_status", null),
    ];

    [Fact]
    public async Task Every_scope_is_enforced_and_write_implies_read()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        foreach (var scope in CallsByScope.Select(c => c.Scope).Distinct())
        {
            var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
            var tokens = await server.AuthorizeAsync(platform, merchant, scope);
            using var api = server.Bearer(tokens.AccessToken);
            foreach (var call in CallsByScope)
            {
                var envelope = await SendAsync(api, call.Method, call.Path, call.Body);
                var allowed = call.Scope == scope || (scope, call.Scope) is ("write_reviews", "read_reviews") or ("write_customers", "read_customers");
                if (allowed)
                {
                    envelope.AssertOk();
                }
                else
                {
                    envelope.AssertError(7, call.Scope);
                }
            }
        }
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Disconnect_revokes_the_grant_at_once_and_tells_the_platform(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var platform = await server.CreatePlatformAsync(receiver.Url("/system"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        var tokens = await server.AuthorizeAsync(platform, merchant, "read_reviews write_reviews");
        using var api = server.Bearer(tokens.AccessToken);
        var info = (await api.GetAsync(Api + "get_shop_authorization_info")).AssertOk();
        var authorization = info.GetProperty("authorizations").EnumerateArray().Single();
        Assert.Equal(platform.ClientId, authorization.GetProperty("platform").GetString());
        Assert.Equal("active", authorization.GetProperty("status").GetString());
        Assert.Equal(["read_reviews", "write_reviews"], authorization.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        var done = (await api.PostAsync(Api + "oauth/disconnect", new { })).AssertOk();
        Assert.True(done.GetProperty("disconnected").GetBoolean());
        (await api.GetAsync(Api + "get_reviews")).AssertError(7, "authoriz");
        var refresh = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.RefreshForm(platform, tokens.RefreshToken));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);

        var events = await receiver.WaitForAsync(all => all.Any(r => r.Text.Contains("integration/disconnected", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var disconnected = events.Single(r => r.Text.Contains("integration/disconnected", StringComparison.Ordinal));
        OAuthKit.AssertSystemSignature(disconnected, platform.ClientSecret);
        Assert.Equal(merchant.Shop.Id, JsonDocument.Parse(disconnected.Body).RootElement.GetProperty("shop_id").GetInt64());

        // The shop still sees the history.
        var history = (await merchant.Shop.Client.GetAsync(Api + "get_shop_authorization_info")).AssertOk().GetProperty("authorizations").EnumerateArray().Single();
        Assert.Equal("revoked", history.GetProperty("status").GetString());
        Assert.Equal("oauth/disconnect", history.GetProperty("revoked_by").GetString());

        // Authorizing again works, and the old token stays dead.
        var again = await server.AuthorizeAsync(platform, merchant, "read_reviews");
        using (var renewed = server.Bearer(again.AccessToken))
        {
            (await renewed.GetAsync(Api + "get_reviews")).AssertOk();
        }
        (await api.GetAsync(Api + "get_reviews")).AssertError(16);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task The_shop_cancels_a_platforms_authorization(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var platform = await server.CreatePlatformAsync(receiver.Url("/system"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        var tokens = await server.AuthorizeAsync(platform, merchant, "read_reviews");
        using var api = server.Bearer(tokens.AccessToken);

        (await merchant.Shop.Client.PostAsync(Api + "cancel_authorization", new { platform = "nobody" })).AssertError(5);
        (await merchant.Shop.Client.PostAsync(Api + "cancel_authorization", new { })).AssertError(3, "platform");
        (await api.PostAsync(Api + "cancel_authorization", new { platform = platform.ClientId })).AssertError(7);
        (await merchant.Shop.Client.PostAsync(Api + "cancel_authorization", new { platform = platform.ClientId })).AssertOk();
        (await api.GetAsync(Api + "get_reviews")).AssertError(7);
        await receiver.WaitForAsync(all => all.Any(r => r.Text.Contains("integration/disconnected", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Uninstalling_the_shop_revokes_every_grant_with_app_uninstalled(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await server.CreatePlatformAsync(receiver.Url("/first"));
        var second = await server.CreatePlatformAsync(receiver.Url("/second"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        var firstTokens = await server.AuthorizeAsync(first, merchant, "read_shop_install_status");
        await server.AuthorizeAsync(second, merchant, "read_reviews");
        using var api = server.Bearer(firstTokens.AccessToken);
        var status = (await api.GetAsync(Api + "get_shop_install_status")).AssertOk();
        Assert.True(status.GetProperty("installed").GetBoolean());

        await server.ExecuteAsync(services => services.GetRequiredService<PlatformGrants>().UninstallAsync(merchant.Shop.Id, CancellationToken.None));

        var received = await receiver.WaitForAsync(all => all.Count(r => r.Text.Contains("app/uninstalled", StringComparison.Ordinal)) == 2, TimeSpan.FromSeconds(30));
        OAuthKit.AssertSystemSignature(received.Single(r => r.Path == "/first" && r.Text.Contains("app/uninstalled", StringComparison.Ordinal)), first.ClientSecret);
        OAuthKit.AssertSystemSignature(received.Single(r => r.Path == "/second" && r.Text.Contains("app/uninstalled", StringComparison.Ordinal)), second.ClientSecret);
        (await api.GetAsync(Api + "get_shop_install_status")).AssertError(7);
        var own = (await merchant.Shop.Client.GetAsync(Api + "get_shop_install_status")).AssertOk();
        Assert.False(own.GetProperty("installed").GetBoolean());
        Assert.Equal(JsonValueKind.String, own.GetProperty("uninstalled_at").ValueKind);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_platforms_webhooks_are_its_own_signed_with_its_secret_and_stop_with_the_grant(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var platformA = await server.CreatePlatformAsync(receiver.Url("/a-system"));
        var platformB = await server.CreatePlatformAsync(receiver.Url("/b-system"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        var other = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var a = server.Bearer((await server.AuthorizeAsync(platformA, merchant, "write_reviews")).AccessToken);
        using var b = server.Bearer((await server.AuthorizeAsync(platformB, merchant, "write_reviews")).AccessToken);
        using var aOnOtherShop = server.Bearer((await server.AuthorizeAsync(platformA, other, "write_reviews")).AccessToken);

        var hook = (await a.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/a-hook") })).AssertOk();
        var hookId = hook.GetProperty("id").GetString()!;
        Assert.Equal(0, (await b.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(0, (await aOnOtherShop.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());
        Assert.Equal(0, (await merchant.Shop.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());
        (await b.PostAsync(Api + "delete_shop_webhook", new { id = hookId })).AssertError(5);
        (await merchant.Shop.Client.PostAsync(Api + "delete_shop_webhook", new { id = hookId })).AssertError(5);
        Assert.Equal(1, (await a.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").GetArrayLength());

        // A review on the shop reaches the platform's hook, signed with the platform's client secret (spec 2's rule over timestamp and body).
        (await merchant.Shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Cy", product_id = "P1" })).AssertOk();
        var delivery = (await receiver.WaitForCountAsync("/a-hook", 1)).Single(r => r.Path == "/a-hook");
        var timestamp = delivery.Header("Open-Trustoo-Webhook-Timestamp");
        Assert.Equal(SpecSigner.Hmac(platformA.ClientSecret, $"timestamp={timestamp}|{delivery.Text}"), delivery.Header("Open-Trustoo-Webhook-Sign"));
        // A review on another shop does not.
        (await other.Shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Di", product_id = "P1" })).AssertOk();

        // Once the shop cancels the grant, the platform's hook hears nothing more.
        (await merchant.Shop.Client.PostAsync(Api + "cancel_authorization", new { platform = platformA.ClientId })).AssertOk();
        (await merchant.Shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Ed", product_id = "P1" })).AssertOk();
        await receiver.WaitForAsync(all => all.Any(r => r.Path == "/a-system" && r.Text.Contains("integration/disconnected", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        await server.WaitForOutboxDispatchedAsync();
        var hookDeliveries = await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.WebhookDeliveries, d => d.SubscriptionId == long.Parse(hookId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, hookDeliveries);
        Assert.Single(receiver.Received, r => r.Path == "/a-hook");
    }

    [Fact]
    public async Task A_platform_can_test_send_its_system_webhooks()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        await using var receiver = await WebhookReceiver.StartAsync();
        var platform = await server.CreatePlatformAsync(receiver.Url("/system"));
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync());
        using var api = server.Bearer((await server.AuthorizeAsync(platform, merchant, "read_reviews")).AccessToken);
        await receiver.WaitForCountAsync("/system", 1);

        (await api.PostAsync(Api + "send_test_webhook", new { topic = "app/uninstalled" })).AssertOk();
        var test = (await receiver.WaitForAsync(all => all.Any(r => r.Text.Contains("app/uninstalled", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)))
            .Single(r => r.Text.Contains("app/uninstalled", StringComparison.Ordinal));
        OAuthKit.AssertSystemSignature(test, platform.ClientSecret);
        Assert.Equal(platform.ClientId, JsonDocument.Parse(test.Body).RootElement.GetProperty("platform").GetString());
        (await merchant.Shop.Client.PostAsync(Api + "send_test_webhook", new { topic = "app/authorized" })).AssertError(3, "bearer");
    }

    private static Task<Plaudit.Client.ApiEnvelope> SendAsync(Plaudit.Client.PlauditClient api, HttpMethod method, string path, object? body) =>
        method == HttpMethod.Get ? api.GetAsync(Api + path) : api.PostAsync(Api + path, body!);
}
