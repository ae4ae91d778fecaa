using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Emails;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Orders;

/// <summary>
/// Imports orders for one shop, idempotently by order id: a known order is updated, a new one added.
/// Rows are written in batches, each in one transaction (a batch is all there or not at all), and the
/// change tracker is emptied between batches, so memory does not grow with the file.
/// </summary>
public sealed class OrderImporter(PlauditDbContext db, OutboxWriter outbox, ReviewEmailScheduler scheduler, SqliteWriteGate writeGate, TimeProvider clock)
{
    public const int BatchSize = 1000;

    /// <param name="progress">Called after each batch with the number of rows read so far.</param>
    public async Task<ImportReport> ImportAsync(long shopId, IAsyncEnumerable<ImportRow> rows, Action<int>? progress, CancellationToken cancellationToken)
    {
        var rejected = new List<ImportRejection>();
        var batch = new List<OrderInput>(BatchSize);
        var (imported, updated, verified, seen) = (0, 0, 0, 0);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            seen++;
            if (row.Order is null)
            {
                rejected.Add(new ImportRejection(row.Line, row.Problem ?? "not an order"));
                continue;
            }
            batch.Add(row.Order);
            if (batch.Count == BatchSize)
            {
                var saved = await SaveBatchAsync(shopId, batch, cancellationToken);
                (imported, updated, verified) = (imported + saved.Imported, updated + saved.Updated, verified + saved.Verified);
                batch.Clear();
                progress?.Invoke(seen);
            }
        }
        if (batch.Count > 0)
        {
            var saved = await SaveBatchAsync(shopId, batch, cancellationToken);
            (imported, updated, verified) = (imported + saved.Imported, updated + saved.Updated, verified + saved.Verified);
        }
        progress?.Invoke(seen);
        return new ImportReport(imported, updated, rejected, verified);
    }

    private async Task<(int Imported, int Updated, int Verified)> SaveBatchAsync(long shopId, List<OrderInput> batch, CancellationToken cancellationToken)
    {
        // The same order twice in a batch: the later row wins, as it would across batches.
        var orders = batch.GroupBy(o => o.OrderId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var ids = orders.Select(o => o.OrderId).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        // Each batch takes its turn at the write lock with the node's other writers: a large import's
        // batches, back to back, would otherwise starve the webhook dispatcher and the review and event
        // writers, which sleep in SQLite's busy handler and lose every race (seen: 30 s, then an error).
        using var passage = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.Orders.Where(o => o.ShopId == shopId && ids.Contains(o.OrderId)).ToDictionaryAsync(o => o.OrderId, StringComparer.Ordinal, cancellationToken);
        var saved = new List<Order>(orders.Count);
        foreach (var input in orders)
        {
            if (!existing.TryGetValue(input.OrderId, out var order))
            {
                order = new Order { ShopId = shopId, OrderId = input.OrderId, CreatedAt = now };
                db.Orders.Add(order);
            }
            order.OrderNumber = input.OrderNumber;
            order.CustomerName = input.CustomerName;
            order.CustomerEmail = input.CustomerEmail;
            order.CustomerPhone = input.CustomerPhone;
            order.OrderedAt = input.OrderedAt ?? (existing.ContainsKey(input.OrderId) ? order.OrderedAt : now);
            // Past waiting, the review-request lifecycle is Plaudit's: a re-import without a status leaves it alone.
            order.Status = existing.ContainsKey(input.OrderId) && !input.StatusGiven ? order.Status : input.Status;
            order.Lines = [.. input.Lines];
            order.UpdatedAt = now;
            saved.Add(order);
        }
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ScheduleAsync(shopId, saved, cancellationToken);
        var verified = await VerifiedPurchases.VerifyReviewsAsync(db, outbox, shopId, orders, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        scheduler.WakeSenderIfDue();
        db.ChangeTracker.Clear();
        return (orders.Count - existing.Count, existing.Count, verified);
    }
}
