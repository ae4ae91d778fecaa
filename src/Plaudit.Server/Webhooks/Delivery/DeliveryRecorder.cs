using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The one place that decides what happens to a delivery after an attempt: done, retried on the
/// schedule (stretched by Retry-After), or failed for good; and whether its subscription, failing
/// for too long, gets disabled. Everything is written in one transaction, and only while this node
/// still holds the delivery's lease.
/// </summary>
public sealed class DeliveryRecorder(PlauditDbContext db, RetrySchedule schedule, TimeProvider clock, IOptions<WebhookOptions> options)
{
    public async Task<bool> RecordAsync(ClaimedDelivery work, string nodeId, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attemptNumber = work.AttemptCount + 1;
        var nextDelay = outcome.Succeeded ? null : schedule.NextDelay(attemptNumber, outcome.RetryAfter);
        var status = outcome.Succeeded ? DeliveryStatus.Succeeded : nextDelay is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        var nextAttemptAt = nextDelay is { } delay ? now + delay : now;
        DateTime? completedAt = status == DeliveryStatus.Pending ? null : now;
        var error = Truncate(outcome.Error, 1024);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.WebhookDeliveries
            .Where(d => d.Id == work.DeliveryId && d.LeaseOwner == nodeId && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.AttemptCount, attemptNumber)
                .SetProperty(x => x.NextAttemptAt, nextAttemptAt)
                .SetProperty(x => x.CompletedAt, completedAt)
                .SetProperty(x => x.LastError, error)
                .SetProperty(x => x.LeaseOwner, (string?)null)
                .SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (updated == 0)
        {
            // The lease was lost (taken over after expiring); the new holder records its own attempt.
            return false;
        }

        db.DeliveryAttempts.Add(new DeliveryAttempt
        {
            DeliveryId = work.DeliveryId,
            Number = attemptNumber,
            StartedAt = now.AddMilliseconds(-outcome.DurationMs),
            DurationMs = outcome.DurationMs,
            StatusCode = outcome.StatusCode,
            ResponseBody = Truncate(outcome.ResponseBody, 1024),
            Error = error,
            Succeeded = outcome.Succeeded,
        });
        await db.SaveChangesAsync(cancellationToken);
        await UpdateSubscriptionHealthAsync(work.SubscriptionId, outcome.Succeeded, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task UpdateSubscriptionHealthAsync(long subscriptionId, bool succeeded, DateTime now, CancellationToken cancellationToken)
    {
        var subscriptions = db.WebhookSubscriptions.Where(s => s.Id == subscriptionId);
        if (succeeded)
        {
            await subscriptions.Where(s => s.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailingSince, (DateTime?)null), cancellationToken);
            return;
        }
        await subscriptions.Where(s => s.FailingSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailingSince, now), cancellationToken);
        var cutoff = now - options.Value.DisableAfter;
        var reason = $"Disabled automatically at {now:yyyy-MM-ddTHH:mm:ssZ}: every delivery has failed since more than {options.Value.DisableAfter.TotalHours:0.##} hours ago. Update the webhook to re-enable it.";
        await subscriptions.Where(s => s.IsActive && s.FailingSince <= cutoff)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.IsActive, false)
                .SetProperty(x => x.DisabledReason, reason)
                .SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
