using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Orders;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// Records a chunk of sent emails in one transaction: each email sent (only where this node still holds
/// its lease), their orders moved to sent in one statement, and the reminders queued in one save. One
/// transaction per email (a tracked order, a reminder lookup, a data-version bump each) was most of the
/// sender's CPU. A crash before the commit leaves the whole chunk to its leases, so each of its emails
/// may go out once more, which the claim count already bounds.
/// </summary>
public static class SentReviewEmailRecorder
{
    /// <summary>Records <paramref name="sent"/>; returns the ids whose lease had passed to another node (not recorded).</summary>
    public static async Task<List<long>> RecordAsync(
        PlauditDbContext db, string nodeId, IReadOnlyCollection<SentReviewEmail> sent, DateTime now, CancellationToken cancellationToken)
    {
        var lost = new List<long>();
        var requests = new List<SentReviewEmail>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One statement compiled once for the chunk: EF's ExecuteUpdate re-reads its expression tree on every call.
        // A confirmation armed again while this one was on the wire (a new review, stamped in updated_at) stays scheduled: the next names it.
        await using (var update = RawSql.Prepare(db, """
            UPDATE review_emails
            SET status = CASE WHEN kind = @p4 AND updated_at <> @p5 THEN @p6 ELSE @p7 END,
                sent_at = @p1, message_id = @p2, lease_owner = NULL, lease_expires_at = NULL, claims = 0, updated_at = @p1
            WHERE id = @p0 AND lease_owner = @p3
            """, 8))
        {
            foreach (var email in sent)
            {
                var recorded = await update.ExecuteAsync(
                    [email.Work.Email.Id, now, email.MessageId, nodeId, ReviewEmailKind.Confirmation, email.Work.Email.UpdatedAt, ReviewEmailStatus.Scheduled, ReviewEmailStatus.Sent],
                    cancellationToken);
                if (recorded == 0)
                {
                    lost.Add(email.Work.Email.Id);
                }
                else if (email.Work.Email.Kind == ReviewEmailKind.Request)
                {
                    requests.Add(email);
                }
            }
        }
        if (requests.Count > 0)
        {
            await MoveOrdersToSentAsync(db, requests, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return lost;
    }

    private static async Task MoveOrdersToSentAsync(PlauditDbContext db, List<SentReviewEmail> requests, DateTime now, CancellationToken cancellationToken)
    {
        // Lists as one parameter each, as in ReviewEmailWork.LoadManyAsync.
        var orderIds = requests.Select(r => r.Work.Order.Id).ToList();
        await db.Orders.Where(o => EF.Parameter(orderIds).Contains(o.Id))
            .ExecuteUpdateAsync(o => o
                .SetProperty(x => x.Status, x => x.Status == OrderStatus.Scheduled ? OrderStatus.Sent : x.Status)
                .SetProperty(x => x.SentAt, now).SetProperty(x => x.ScheduledAt, (DateTime?)null).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        // A bulk update skips SaveChangesAsync, which would advance the shops' data versions: do it here, so cached get_orders answers refresh.
        var shopIds = requests.Select(r => r.Work.Order.ShopId).Distinct().ToList();
        await db.Shops.Where(s => EF.Parameter(shopIds).Contains(s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DataVersion, x => x.DataVersion + 1), cancellationToken);

        var haveReminder = await db.ReviewEmails.Where(e => EF.Parameter(orderIds).Contains(e.OrderRowId) && e.Kind == ReviewEmailKind.Reminder)
            .Select(e => e.OrderRowId).ToHashSetAsync(cancellationToken);
        foreach (var request in requests.Where(r => !haveReminder.Contains(r.Work.Order.Id)))
        {
            if (ReviewEmailScheduler.Reminder(request.Work.Order.ShopId, request.Work.Order.Id, request.Work.Settings, now, now) is { } reminder)
            {
                db.ReviewEmails.Add(reminder);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
