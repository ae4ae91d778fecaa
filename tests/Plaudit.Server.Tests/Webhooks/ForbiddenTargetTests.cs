using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;
using static Plaudit.Server.Tests.Infrastructure.SubscriptionShapes;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// Cloud metadata services, and IPv6 spellings that carry an IPv4 address inside, are refused
/// whatever the settings; and the webhook client never goes through a proxy, which the guard would
/// check in place of the receiver.
/// </summary>
public sealed class ForbiddenTargetTests
{
    private const string Api = "/api/v1/openapi/";

    /// <summary>
    /// Metadata services (AWS/GCP/Azure/Alibaba), "this network", multicast, link-local, and IPv4 inside
    /// IPv6: NAT64, 6to4, IPv4-compatible and IPv4-mapped forms of metadata or loopback addresses.
    /// </summary>
    private static readonly string[] NeverAllowed =
    [
        "http://169.254.169.254/latest/meta-data", "http://100.100.100.200/latest/meta-data", "http://168.63.129.16/machine",
        "http://[fd00:ec2::254]/latest", "http://0.0.0.0/", "http://[::]/", "http://224.0.0.1/", "http://[fe80::1]/",
        "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::6464:64c8]/",
        "http://[2002:a9fe:a9fe::]/", "http://[2002:7f00:1::]/", "http://[2002:a00:1::1]/",
        "http://[::a9fe:a9fe]/", "http://[::127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:100.100.100.200]/",
    ];

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Metadata_and_ipv4_in_ipv6_targets_are_refused_with_private_networks_allowed_and_their_range_allow_listed(DatabaseProvider provider)
    {
        // The deployment allows private networks and lists its carrier-grade NAT range (where Alibaba's
        // metadata service sits) and the translation prefixes: none of that opens these addresses.
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(
            ("Webhooks:AllowedPrivateTargets", "100.64.0.0/10,168.63.0.0/16,169.254.0.0/16,64:ff9b::/96,2002::/16")));
        var shop = await server.CreateShopAsync();

        foreach (var url in NeverAllowed)
        {
            (await CreateTrustooAsync(shop.Client, url)).AssertError(3, "url");
            (await CreateShoplazzaAsync(shop.Client, url)).AssertShoplazzaUnprocessable("Address");
            (await CreateTrutoAsync(shop.Client, url)).AssertTrutoError(400, "target_url");
        }
        Assert.Equal(0, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(s => s.ShopId == shop.Id)));
    }

    [Fact]
    public async Task The_webhook_client_ignores_proxy_settings_so_the_guard_judges_the_receiver_itself()
    {
        // A proxy on loopback (which this node may reach) would otherwise be asked for any URL, and the
        // guard would only ever see the proxy's address.
        await using var proxy = await WebhookReceiver.StartAsync();
        var proxyUrl = proxy.BaseAddress.ToString();
        await using var api = await PlauditServer.StartAsync(DatabaseProvider.Postgres, TestSettings.FastWebhooks.With(("Webhooks:Enabled", "false")));
        await using var node = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, TestSettings.FastWebhooks.With(
            ("Webhooks:RetryDelays", "0"), ("HTTP_PROXY", proxyUrl), ("http_proxy", proxyUrl), ("NO_PROXY", ""), ("no_proxy", "")));
        var shop = await api.CreateShopAsync();
        (await CreateTrustooAsync(shop.Client, "http://metadata.plaudit.invalid/latest/meta-data")).AssertOk();

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 1, author = "Proxied" })).AssertOk();
        var attempted = await Eventually.WaitFor(async () =>
        {
            var list = (await shop.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("list");
            return list.GetArrayLength() == 1 && list[0].GetProperty("attempt_count").GetInt32() >= 1 ? list[0].Clone() : (System.Text.Json.JsonElement?)null;
        });
        Assert.Equal("failed", attempted.GetProperty("status").GetString());
        Assert.Empty(proxy.Received);
    }
}
