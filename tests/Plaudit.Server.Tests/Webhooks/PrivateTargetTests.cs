using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;
using static Plaudit.Server.Tests.Infrastructure.SubscriptionShapes;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// Private networks are refused by default: an IP literal in a private range when the webhook is
/// made or changed, in each shape's own words; a name when it resolves, at connect time. An
/// allow-list opens single internal receivers; Development opens them all.
/// </summary>
public sealed class PrivateTargetTests
{
    private const string Api = "/api/v1/openapi/";

    /// <summary>Private, loopback, CGNAT and unique-local literals, also in the spellings a URL parser folds into them.</summary>
    public static readonly TheoryData<string> PrivateLiterals = new()
    {
        "http://127.0.0.1:8080/hook", "http://10.0.0.5/hook", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://[::1]/", "http://[fd12:3456::1]/", "http://0x7f000001/", "http://2130706433/", "http://127.1/", "http://[::ffff:10.0.0.1]/",
    };

    [Theory, ClassData(typeof(BothProviders))]
    public async Task By_default_an_ip_literal_in_a_private_range_is_refused_when_a_webhook_is_created_in_every_shape(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, SecureWebhookSettings.Default);
        var shop = await server.CreateShopAsync();

        foreach (var url in PrivateLiterals)
        {
            (await CreateTrustooAsync(shop.Client, url)).AssertError(3, "url");
            (await CreateShoplazzaAsync(shop.Client, url)).AssertShoplazzaUnprocessable("Address");
            (await CreateTrutoAsync(shop.Client, url)).AssertTrutoError(400, "target_url");
        }
        Assert.Equal(0, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(s => s.ShopId == shop.Id)));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task By_default_changing_a_webhook_to_a_private_ip_literal_is_refused_in_every_shape(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, SecureWebhookSettings.Default);
        var shop = await server.CreateShopAsync();
        var trustoo = (await CreateTrustooAsync(shop.Client, "https://receiver.example.com/trustoo")).AssertOk().GetProperty("id").GetString()!;
        var shoplazza = await CreateShoplazzaAsync(shop.Client, "https://receiver.example.com/shoplazza");
        shoplazza.AssertHttpOk();
        var truto = await CreateTrutoAsync(shop.Client, "https://receiver.example.com/truto");
        truto.AssertHttpOk(201);

        (await UpdateTrustooAsync(shop.Client, trustoo, "http://10.1.2.3/")).AssertError(3, "url");
        (await UpdateShoplazzaAsync(shop.Client, shoplazza.Root.GetProperty("webhook").GetProperty("id").GetString()!, "http://[::1]:9/")).AssertShoplazzaUnprocessable("Address");
        (await UpdateTrutoAsync(shop.Client, truto.Root.GetProperty("id").GetString()!, "http://192.168.0.10/")).AssertTrutoError(400, "target_url");

        var urls = await server.QueryAsync(db => db.WebhookSubscriptions.Where(s => s.ShopId == shop.Id).Select(s => s.Url).ToListAsync());
        Assert.All(urls, url => Assert.StartsWith("https://receiver.example.com/", url, StringComparison.Ordinal));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task By_default_a_name_that_resolves_to_a_private_address_is_accepted_but_never_reached(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, SecureWebhookSettings.Default.With(("Webhooks:RetryDelays", "0")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var named = $"http://localhost:{receiver.BaseAddress.Port}/named";
        var id = (await CreateTrustooAsync(shop.Client, named)).AssertOk().GetProperty("id").GetString();

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Rebinder" })).AssertOk();
        var failed = (await DeliveryLog.WaitForAsync(shop, "failed", 1)).Single();
        Assert.Equal(id, failed.GetProperty("webhook_id").GetString());
        Assert.Empty(receiver.Received);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task An_allow_listed_range_is_reached_while_other_private_targets_stay_refused(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, SecureWebhookSettings.Default.With(("Webhooks:AllowedPrivateTargets", "127.0.0.0/8, fd00:1234::/32")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        (await CreateTrustooAsync(shop.Client, receiver.Url("/allowed"))).AssertOk();
        (await CreateTrustooAsync(shop.Client, "http://10.0.0.1/not-listed")).AssertError(3, "url");
        (await CreateTrutoAsync(shop.Client, "http://[fd00:9999::1]/not-listed")).AssertTrutoError(400, "target_url");
        (await CreateTrutoAsync(shop.Client, "http://[fd00:1234::7]/listed")).AssertHttpOk(201);

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Internal" })).AssertOk();
        await receiver.WaitForCountAsync("/allowed", 1);
    }

    [Fact]
    public async Task An_allow_listed_host_name_is_reached_but_the_address_it_resolves_to_is_not_allowed_as_a_literal()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, SecureWebhookSettings.Default.With(("Webhooks:AllowedPrivateTargets", "localhost")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = receiver.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);

        (await CreateTrustooAsync(shop.Client, $"http://localhost:{port}/by-name")).AssertOk();
        (await CreateTrustooAsync(shop.Client, $"http://127.0.0.1:{port}/by-address")).AssertError(3, "url");

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Named" })).AssertOk();
        await receiver.WaitForCountAsync("/by-name", 1);
    }

    [Fact]
    public async Task The_development_environment_lets_loopback_receivers_work()
    {
        var development = SecureWebhookSettings.Default.With(("environment", "Development"));
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, development);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        (await CreateTrustooAsync(shop.Client, receiver.Url("/dev"))).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Developer" })).AssertOk();
        await receiver.WaitForCountAsync("/dev", 1);
    }

    [Fact]
    public async Task An_explicit_setting_wins_over_the_development_default()
    {
        var development = SecureWebhookSettings.Default.With(("environment", "Development"), ("Webhooks:AllowPrivateNetworks", "false"));
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, development);
        var shop = await server.CreateShopAsync();

        (await CreateTrustooAsync(shop.Client, "http://127.0.0.1:9/hook")).AssertError(3, "url");
    }

    [Fact]
    public async Task A_malformed_allow_list_stops_the_server_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PlauditServer.StartAsync(DatabaseProvider.Sqlite, SecureWebhookSettings.Default.With(("Webhooks:AllowedPrivateTargets", "10.0.0.5, not a host!"))));
        Assert.Contains("AllowedPrivateTargets", error.Message, StringComparison.Ordinal);
    }
}
