using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;
using static Plaudit.Server.Tests.Infrastructure.SubscriptionShapes;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary><c>Webhooks:MaxSubscriptionsPerOwner</c>: one owner's webhooks, of every shape together, are capped.</summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionCapTests(Servers servers)
{
    [Theory, ClassData(typeof(BothProviders))]
    public async Task An_owner_at_the_cap_is_refused_a_new_webhook_in_every_shape_until_it_deletes_one(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:MaxSubscriptionsPerOwner", "3")));
        var shop = await server.CreateShopAsync();
        var first = (await CreateTrustooAsync(shop.Client, "https://receiver.example.com/1")).AssertOk().GetProperty("id").GetString()!;
        (await CreateShoplazzaAsync(shop.Client, "https://receiver.example.com/2")).AssertHttpOk();
        (await CreateTrutoAsync(shop.Client, "https://receiver.example.com/3")).AssertHttpOk(201);

        (await CreateTrustooAsync(shop.Client, "https://receiver.example.com/4")).AssertError(8, "3 webhooks");
        (await CreateShoplazzaAsync(shop.Client, "https://receiver.example.com/4", topic: "review/updated")).AssertShoplazzaUnprocessable("3 webhooks");
        (await CreateTrutoAsync(shop.Client, "https://receiver.example.com/4")).AssertTrutoError(400, "3 webhooks");
        Assert.Equal(3, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(s => s.ShopId == shop.Id)));

        // Another owner has its own allowance.
        var other = await server.CreateShopAsync();
        (await CreateTrustooAsync(other.Client, "https://receiver.example.com/other")).AssertOk();

        (await shop.Client.PostAsync(Trustoo + "delete_shop_webhook", new { id = first })).AssertOk();
        (await CreateTrustooAsync(shop.Client, "https://receiver.example.com/4")).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Concurrent_creates_never_take_an_owner_past_the_cap(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:MaxSubscriptionsPerOwner", "3")));
        var shop = await server.CreateShopAsync();

        var codes = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            codes.Add((await CreateTrustooAsync(shop.Client, $"https://receiver.example.com/race-{i}")).Code));

        Assert.Equal(3, codes.Count(c => c == 0));
        Assert.Equal(13, codes.Count(c => c == 8));
        Assert.Equal(3, await server.QueryAsync(db => db.WebhookSubscriptions.CountAsync(s => s.ShopId == shop.Id)));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task By_default_an_owner_may_have_100_webhooks(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        for (var i = 1; i <= 100; i++)
        {
            (await CreateTrustooAsync(shop.Client, $"https://receiver.example.com/{i}")).AssertOk();
        }
        (await CreateTrustooAsync(shop.Client, "https://receiver.example.com/101")).AssertError(8, "100 webhooks");
    }
}
