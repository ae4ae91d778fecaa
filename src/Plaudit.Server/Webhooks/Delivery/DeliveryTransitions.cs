using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Every change to a delivery that is not an attempt's outcome (that is <see cref="DeliveryRecorder"/>'s):
/// what a merchant, a platform's revocation, a test or the retention period does to it. Each transition
/// holds the SQLite write gate for its whole transaction, like the engine's own writers, and wakes the
/// worker when it leaves work for it.
/// </summary>
public sealed class DeliveryTransitions(PlauditDbContext db, SqliteWriteGate writeGate, RetrySchedule schedule, TimeProvider clock, DeliveryWake wake)
{
    /// <summary>
    /// Sends a delivery again now, from a fresh schedule (so it gets every retry again) and with the
    /// same request id. False, and nothing changed, while a node is attempting it.
    /// </summary>
    public async Task<bool> ResendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (delivery.Status == DeliveryStatus.Pending && delivery.LeaseOwner is not null && delivery.LeaseExpiresAt > now)
        {
            return false;
        }
        delivery.Status = DeliveryStatus.Pending;
        delivery.AttemptCount = 0;
        delivery.NextAttemptAt = now;
        delivery.CompletedAt = null;
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        wake.Set();
        return true;
    }

    /// <summary>The failed ones among <paramref name="candidates"/> go back to pending, due now, from a fresh schedule.</summary>
    public async Task<int> RecoverAsync(IQueryable<WebhookDelivery> candidates, CancellationToken cancellationToken)
    {
        var ids = await candidates.Where(d => d.Status == DeliveryStatus.Failed).Select(d => d.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        int recovered;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            recovered = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Failed)
                .ExecuteUpdateAsync(d => d
                    .SetProperty(x => x.Status, DeliveryStatus.Pending)
                    .SetProperty(x => x.AttemptCount, 0)
                    .SetProperty(x => x.NextAttemptAt, now)
                    .SetProperty(x => x.CompletedAt, (DateTime?)null), cancellationToken);
        }
        wake.Set();
        return recovered;
    }

    /// <summary>
    /// A shop revoked a platform's grant: <paramref name="revokeGrant"/> (the grant's own change) and the
    /// failing of every pending delivery to the platform's webhooks for that shop commit together, so no
    /// delivery the platform may no longer receive stays pending.
    /// </summary>
    public async Task FailForRevokedGrantAsync(
        long shopId, string platformClientId, DateTime now, Func<CancellationToken, Task> revokeGrant, CancellationToken cancellationToken)
    {
        using var passage = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await revokeGrant(cancellationToken);
        var subscriptionIds = db.WebhookSubscriptions.Where(s => s.ShopId == shopId && s.PlatformClientId == platformClientId).Select(s => s.Id);
        await db.WebhookDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && subscriptionIds.Contains(d.SubscriptionId))
            .ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeliveryStatus.Failed)
                .SetProperty(x => x.CompletedAt, now)
                .SetProperty(x => x.LastError, "The shop revoked the platform's authorization."), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A test event for the chosen subscriptions only: recorded as already dispatched, with one delivery
    /// per subscription, due after the schedule's first delay, so it goes through the real engine.
    /// </summary>
    public async Task<List<WebhookDelivery>> CreateTestAsync(
        long shopId, string? platformClientId, IReadOnlyCollection<WebhookSubscription> subscriptions, string topic, string payload, DateTime now,
        CancellationToken cancellationToken)
    {
        List<WebhookDelivery> deliveries;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var testEvent = new OutboxEvent
            {
                EventId = Guid.NewGuid().ToString("N"), ShopId = shopId, PlatformClientId = platformClientId,
                Topic = topic, Payload = payload, OccurredAt = now, DispatchedAt = now,
            };
            db.OutboxEvents.Add(testEvent);
            await db.SaveChangesAsync(cancellationToken);
            deliveries = subscriptions.Select(s => new WebhookDelivery
            {
                SubscriptionId = s.Id,
                ShopId = shopId,
                OutboxEventId = testEvent.Id,
                Topic = topic,
                RequestId = Guid.NewGuid().ToString("N"),
                NextAttemptAt = now + schedule.FirstDelay,
                CreatedAt = now,
            }).ToList();
            db.WebhookDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        wake.Set();
        return deliveries;
    }

    /// <summary>A test event for one subscription (of the shop it belongs to).</summary>
    public async Task<WebhookDelivery> CreateTestAsync(
        WebhookSubscription subscription, string topic, string payload, DateTime now, CancellationToken cancellationToken) =>
        (await CreateTestAsync(subscription.ShopId ?? 0, null, [subscription], topic, payload, now, cancellationToken)).Single();

    /// <summary>Deletes a subscription with its deliveries and their attempts, atomically.</summary>
    public async Task RemoveSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        using var passage = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deliveries = db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id).Select(d => d.Id);
        await db.DeliveryAttempts.Where(a => deliveries.Contains(a.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id).ExecuteDeleteAsync(cancellationToken);
        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The retention period's end: finished deliveries (with their attempts) that completed before
    /// <paramref name="cutoff"/>, then the dispatched events before it that no delivery points to any more.
    /// </summary>
    public async Task<(int Deliveries, int Events)> PurgeFinishedAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        using var passage = await writeGate.EnterAsync(cancellationToken);
        var old = db.WebhookDeliveries.Where(d => d.Status != DeliveryStatus.Pending && d.CompletedAt < cutoff);
        await db.DeliveryAttempts.Where(a => old.Select(d => d.Id).Contains(a.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
        var deliveries = await old.ExecuteDeleteAsync(cancellationToken);
        var events = await (await OutboxProgress.DispatchedBeforeAsync(db, cutoff, cancellationToken))
            .Where(e => !db.WebhookDeliveries.Any(d => d.OutboxEventId == e.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return (deliveries, events);
    }
}
