using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Server.Storage;
using Plaudit.Server.Tests.Infrastructure;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>The claim of due deliveries, against the real SQL of both providers.</summary>
public sealed class DeliveryClaimsTests
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_claim_takes_no_more_of_a_subscription_than_its_room_and_none_of_a_saturated_one(DatabaseProvider provider)
    {
        // First attempts an hour out: the deliveries are written unleased and nobody sends them.
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:RetryDelays", "3600,1")));
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "http://127.0.0.1:9/slow" })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "http://127.0.0.1:9/other" })).AssertOk();
        for (var i = 0; i < 5; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 3, author = $"Waiting {i}" })).AssertOk();
        }
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetDb();
        var subscriptions = await db.WebhookSubscriptions.Where(s => s.ShopId == shop.Id).ToDictionaryAsync(s => s.Url, s => s.Id);
        var (slow, other) = (subscriptions["http://127.0.0.1:9/slow"], subscriptions["http://127.0.0.1:9/other"]);
        await Eventually.WaitFor(async () => await db.WebhookDeliveries.CountAsync(d => d.ShopId == shop.Id) == 10 ? true : (bool?)null);

        var later = DateTime.UtcNow.AddHours(2);
        var first = await DeliveryClaims.ClaimAsync(db, "node-a", later, later.AddHours(1), 100, 3, new Dictionary<long, int> { [slow] = 1 }, [], CancellationToken.None);
        Assert.Equal(1, await CountLeased(db, first, slow));
        Assert.Equal(3, await CountLeased(db, first, other));

        var second = await DeliveryClaims.ClaimAsync(db, "node-a", later, later.AddHours(1), 100, 3, new Dictionary<long, int>(), [other], CancellationToken.None);
        Assert.Equal(3, await CountLeased(db, second, slow));
        Assert.Equal(0, await CountLeased(db, second, other));
        Assert.Empty(first.Intersect(second));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Whether_anything_is_due_is_read_without_waiting_for_a_writer_and_agrees_with_the_claim(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:RetryDelays", "3600,1")));
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = "http://127.0.0.1:9/a" })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Due later" })).AssertOk();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetDb();
        await Eventually.WaitFor(async () => await db.WebhookDeliveries.AnyAsync(d => d.ShopId == shop.Id) ? true : (bool?)null);
        var subscription = await db.WebhookSubscriptions.Where(s => s.ShopId == shop.Id).Select(s => s.Id).SingleAsync();
        var (now, later) = (DateTime.UtcNow, DateTime.UtcNow.AddHours(2));

        // Another connection is in the middle of a write transaction: the question is answered all the same.
        await using var writerScope = server.Services.CreateAsyncScope();
        var writer = writerScope.ServiceProvider.GetDb();
        await using (var transaction = await writer.Database.BeginTransactionAsync())
        {
            await writer.Database.ExecuteSqlRawAsync("UPDATE webhook_deliveries SET last_error = last_error WHERE subscription_id = {0}", subscription);
            Assert.False(await DeliveryClaims.AnyDueAsync(db, now, [], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.True(await DeliveryClaims.AnyDueAsync(db, later, [], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.False(await DeliveryClaims.AnyDueAsync(db, later, [subscription], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            await transaction.RollbackAsync();
        }

        // Once claimed it is no longer due, until its lease runs out.
        var claimed = await DeliveryClaims.ClaimAsync(db, "node-a", later, later.AddMinutes(10), 100, 10, new Dictionary<long, int>(), [], CancellationToken.None);
        Assert.Single(claimed);
        Assert.False(await DeliveryClaims.AnyDueAsync(db, later, [], CancellationToken.None));
        Assert.True(await DeliveryClaims.AnyDueAsync(db, later.AddMinutes(11), [], CancellationToken.None));
    }

    private static Task<int> CountLeased(PlauditDbContext db, List<long> ids, long subscriptionId) =>
        db.WebhookDeliveries.CountAsync(d => ids.Contains(d.Id) && d.SubscriptionId == subscriptionId && d.LeaseOwner == "node-a");
}
