using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>An attempt that has been made and must be written down.</summary>
public sealed record FinishedAttempt(ClaimedDelivery Work, AttemptOutcome Outcome, DateTime FinishedAt);

/// <summary>
/// The one place that decides what happens to a delivery after an attempt: done, retried on the
/// schedule (stretched by Retry-After), or failed for good; and whether its subscription, failing
/// for too long, gets disabled. A batch of attempts is written in one transaction, and only for
/// deliveries whose lease this node still holds.
/// </summary>
public sealed class DeliveryRecorder(PlauditDbContext db, RetrySchedule schedule, IOptions<WebhookOptions> options)
{
    public async Task<int> RecordAsync(IReadOnlyList<FinishedAttempt> attempts, string nodeId, CancellationToken cancellationToken)
    {
        var ids = attempts.Select(a => a.Work.DeliveryId).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Lock the rows on PostgreSQL so a node taking over an expired lease waits for this write.
        var deliveries = db.Database.IsNpgsql()
            ? await db.WebhookDeliveries.FromSqlRaw("SELECT * FROM webhook_deliveries WHERE id = ANY({0}) FOR UPDATE", ids.ToArray()).ToListAsync(cancellationToken)
            : await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var stillOurs = deliveries.Where(d => d.LeaseOwner == nodeId && d.Status == DeliveryStatus.Pending).ToDictionary(d => d.Id);

        var succeeded = new HashSet<long>();
        var failing = new Dictionary<long, DateTime>();
        foreach (var attempt in attempts)
        {
            // A lost lease was taken over after expiring; the new holder records its own attempt.
            if (!stillOurs.TryGetValue(attempt.Work.DeliveryId, out var delivery))
            {
                continue;
            }
            Apply(delivery, attempt);
            if (attempt.Outcome.Succeeded)
            {
                succeeded.Add(attempt.Work.SubscriptionId);
            }
            else
            {
                failing[attempt.Work.SubscriptionId] = attempt.FinishedAt;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await UpdateSubscriptionHealthAsync(succeeded, failing, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stillOurs.Count;
    }

    private void Apply(WebhookDelivery delivery, FinishedAttempt attempt)
    {
        var (outcome, now) = (attempt.Outcome, attempt.FinishedAt);
        var number = delivery.AttemptCount + 1;
        var nextDelay = outcome.Succeeded ? null : schedule.NextDelay(number, outcome.RetryAfter);
        delivery.Status = outcome.Succeeded ? DeliveryStatus.Succeeded : nextDelay is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        delivery.AttemptCount = number;
        delivery.NextAttemptAt = nextDelay is { } delay ? now + delay : now;
        delivery.CompletedAt = delivery.Status == DeliveryStatus.Pending ? null : now;
        delivery.LastError = Truncate(outcome.Error, 1024);
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
        db.DeliveryAttempts.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            Number = number,
            StartedAt = now.AddMilliseconds(-outcome.DurationMs),
            DurationMs = outcome.DurationMs,
            StatusCode = outcome.StatusCode,
            ResponseBody = Truncate(outcome.ResponseBody, 1024),
            Error = delivery.LastError,
            Succeeded = outcome.Succeeded,
        });
    }

    private async Task UpdateSubscriptionHealthAsync(HashSet<long> succeeded, Dictionary<long, DateTime> failing, CancellationToken cancellationToken)
    {
        if (succeeded.Count > 0)
        {
            await db.WebhookSubscriptions.Where(s => succeeded.Contains(s.Id) && s.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailingSince, (DateTime?)null), cancellationToken);
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
