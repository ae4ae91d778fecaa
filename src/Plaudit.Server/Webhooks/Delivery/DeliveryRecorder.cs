using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The one place that decides what happens to a delivery after an attempt: done, retried on the
/// schedule (stretched by Retry-After), or failed for good; and whether its subscription, failing
/// for too long, gets disabled. A batch of attempts is written in one transaction, and only for
/// deliveries whose lease this node still holds.
/// </summary>
public sealed class DeliveryRecorder(PlauditDbContext db, RetrySchedule schedule, IOptions<WebhookOptions> options)
{
    /// <summary>
    /// Writes the attempts, and gives up this node's lease on deliveries handed back unsent, so any
    /// node may claim them at once.
    /// </summary>
    public async Task<int> RecordAsync(IReadOnlyList<FinishedAttempt> attempts, IReadOnlyList<long> handedBack, string nodeId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var results = await AttemptLogSql.WriteAsync(db, attempts.Select(Decide).ToList(), nodeId, cancellationToken);
        if (handedBack.Count > 0)
        {
            await db.WebhookDeliveries.Where(d => handedBack.Contains(d.Id) && d.LeaseOwner == nodeId && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        }

        var succeeded = results.Where(r => r.Attempt.Outcome.Succeeded).Select(r => r.Attempt.Work.SubscriptionId).ToHashSet();
        var failing = results.Where(r => !r.Attempt.Outcome.Succeeded)
            .GroupBy(r => r.Attempt.Work.SubscriptionId)
            .ToDictionary(g => g.Key, g => g.Max(r => r.Attempt.FinishedAt));
        await UpdateSubscriptionHealthAsync(succeeded, failing, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results.Count;
    }

    /// <summary>What becomes of a delivery after this attempt.</summary>
    private AttemptResult Decide(FinishedAttempt attempt)
    {
        var (outcome, now) = (attempt.Outcome, attempt.FinishedAt);
        var number = attempt.Work.AttemptCount + 1;
        var nextDelay = outcome.Succeeded ? null : schedule.NextDelay(number, outcome.RetryAfter);
        var status = outcome.Succeeded ? DeliveryStatus.Succeeded : nextDelay is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        return new AttemptResult(
            attempt,
            number,
            status,
            nextDelay is { } delay ? now + delay : now,
            status == DeliveryStatus.Pending ? null : now,
            Truncate(outcome.Error, 1024),
            Truncate(outcome.ResponseBody, 1024));
    }

    private async Task UpdateSubscriptionHealthAsync(HashSet<long> succeeded, Dictionary<long, DateTime> failing, CancellationToken cancellationToken)
    {
        if (succeeded.Count > 0)
        {
            // Runs after nearly every batch, so as plain SQL rather than through EF's query pipeline.
            await RawSql.ExecuteAsync(db,
                $"UPDATE webhook_subscriptions SET failing_since = NULL WHERE failing_since IS NOT NULL AND id IN ({RawSql.IdList(succeeded)})",
                [], cancellationToken);
        }
        // A subscription that also succeeded in this batch is not failing.
        var failed = failing.Where(f => !succeeded.Contains(f.Key)).ToList();
        if (failed.Count == 0)
        {
            return;
        }
        var now = failed.Max(f => f.Value);
        var ids = failed.Select(f => f.Key).ToList();
        await db.WebhookSubscriptions.Where(s => ids.Contains(s.Id) && s.FailingSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailingSince, now), cancellationToken);
        var disableAfter = options.Value.DisableAfter;
        var cutoff = now - disableAfter;
        var reason = $"Disabled automatically at {now:yyyy-MM-ddTHH:mm:ssZ}: every delivery has failed for more than {disableAfter.TotalHours:0.##} hours. Update the webhook to re-enable it.";
        await db.WebhookSubscriptions.Where(s => ids.Contains(s.Id) && s.IsActive && s.FailingSince <= cutoff)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.IsActive, false)
                .SetProperty(x => x.DisabledReason, reason)
                .SetProperty(x => x.UpdatedAt, now), cancellationToken);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
