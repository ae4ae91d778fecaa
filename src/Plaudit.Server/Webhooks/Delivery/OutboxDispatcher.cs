using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Drains the outbox: each event becomes one delivery per matching active subscription, in the same
/// transaction that marks the event dispatched, so a crash at any point loses nothing (the event is
/// simply dispatched again) and nothing is fanned out twice. First attempts that are due at once and
/// fit in <see cref="HeldDeliveries"/> are written already leased to this node and handed straight
/// to the worker (a crash before they are sent leaves leases that expire and are taken over); the
/// rest wait for the worker's claim. On PostgreSQL, nodes share the outbox with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxWake outboxWake,
    DeliveryWake deliveryWake,
    HeldDeliveries held,
    SqliteWriteGate writeGate,
    TimeProvider clock,
    RetrySchedule schedule,
    IOptions<WebhookOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const int FirstBatchSize = 16;
    private double _fanOut = 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int take, dispatched;
                // A backlog starts with a small batch, so the first attempts go out within a millisecond
                // or two instead of after a full batch is written; batches then double to full size.
                var ramp = FirstBatchSize;
                do
                {
                    // About as many events as the worker has room for, judging by recent fan-out; a full
                    // batch when it stayed full for a poll interval (they wait, unleased, to be claimed).
                    take = await WaitForRoomAsync(stoppingToken)
                        ? FairShare.EventsToTake(held.Free, _fanOut, ramp)
                        : BatchSize;
                    dispatched = await DispatchBatchAsync(take, stoppingToken);
                    ramp = Math.Min(ramp * 2, BatchSize);
                }
                while (dispatched == take);
                await outboxWake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// While this node's worker is full, events wait in the outbox rather than becoming deliveries it
    /// cannot take (which would then have to be claimed one more time); after a poll interval they are
    /// dispatched anyway, so a stalled worker never holds up the outbox for long.
    /// </summary>
    /// <returns>Whether the worker has room.</returns>
    private async Task<bool> WaitForRoomAsync(CancellationToken stoppingToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.PollInterval;
        while (held.Free < held.Limit / 8)
        {
            var remaining = deadline - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            await held.WaitForRoomAsync(remaining, stoppingToken);
        }
        return true;
    }

    public async Task<int> DispatchBatchAsync(int take, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var handOff = new List<ClaimedDelivery>();
        int dispatched;
        var created = 0;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var taken = await OutboxProgress.TakeAsync(db, take, cancellationToken);
            if (taken.Count == 0)
            {
                return 0;
            }
            var events = taken.Where(e => e.DispatchedAt is null).ToList();

            var targets = await SubscriptionTargets.LoadAsync(db, events, cancellationToken);
            // Most storefront events go to no one: then there is nothing to send, and no senders to read.
            var senders = targets.Subscriptions.Count == 0 ? DeliverySenders.None : await DeliverySenders.LoadAsync(db, events, targets, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var dueAtOnce = schedule.FirstDelay <= TimeSpan.Zero;
            var deliveries = new List<NewDelivery>();
            foreach (var outboxEvent in events)
            {
                foreach (var subscription in targets.For(outboxEvent))
                {
                    var leased = dueAtOnce && senders.CanSend(outboxEvent, subscription) && held.TryReserve(subscription.Id);
                    deliveries.Add(new NewDelivery(outboxEvent, subscription, Guid.NewGuid().ToString("N"), leased));
                }
            }
            try
            {
                var ids = await NewDeliveriesSql.InsertAsync(db, deliveries, now, now + schedule.FirstDelay, held.NodeId, now + options.Value.LeaseDuration, cancellationToken);
                await OutboxProgress.MarkDispatchedAsync(db, taken, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                handOff.AddRange(deliveries.Where(d => d.Leased).Select(d => senders.ToClaimed(d, ids[d.RequestId])));
            }
            catch
            {
                foreach (var delivery in deliveries.Where(d => d.Leased))
                {
                    held.Unreserve(delivery.Subscription.Id);
                }
                throw;
            }
            dispatched = taken.Count;
            created = deliveries.Count;
            _fanOut = FairShare.FanOut(_fanOut, events.Count, created);
        }
        foreach (var work in handOff)
        {
            held.Hand(work);
        }
        if (created > handOff.Count)
        {
            deliveryWake.Set();
        }
        return dispatched;
    }
}
