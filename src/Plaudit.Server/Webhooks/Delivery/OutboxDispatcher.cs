using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Subscriptions;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Drains the outbox: each event becomes one delivery per matching active subscription, in the same
/// transaction that marks the event dispatched, so a crash at any point loses nothing (the event is
/// simply dispatched again) and nothing is fanned out twice. On PostgreSQL, nodes share the work with
/// <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxWake outboxWake,
    DeliveryWake deliveryWake,
    TimeProvider clock,
    RetrySchedule schedule,
    IOptions<WebhookOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                {
                }
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

    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var events = db.Database.IsNpgsql()
            ? await db.OutboxEvents
                .FromSqlRaw("SELECT * FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT {0} FOR UPDATE SKIP LOCKED", BatchSize)
                .ToListAsync(cancellationToken)
            : await db.OutboxEvents.Where(e => e.DispatchedAt == null).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var targets = await SubscriptionTargets.LoadAsync(db, events, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var created = 0;
        foreach (var outboxEvent in events)
        {
            foreach (var subscription in targets.For(outboxEvent))
            {
                db.WebhookDeliveries.Add(DeliveryFactory.New(subscription, outboxEvent, now + schedule.FirstDelay));
                created++;
            }
            outboxEvent.DispatchedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (created > 0)
        {
            deliveryWake.Set();
        }
        return events.Count;
    }
}

public static class DeliveryFactory
{
    public static WebhookDelivery New(WebhookSubscription subscription, OutboxEvent outboxEvent, DateTime firstAttemptAt) => new()
    {
        SubscriptionId = subscription.Id,
        ShopId = outboxEvent.ShopId,
        OutboxEventId = outboxEvent.Id,
        Topic = outboxEvent.Topic,
        RequestId = Guid.NewGuid().ToString("N"),
        NextAttemptAt = firstAttemptAt,
        CreatedAt = outboxEvent.DispatchedAt ?? firstAttemptAt,
    };
}
