using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Writes the dispatcher's new deliveries (the engine's widest write, kept out of change tracking) and
/// returns their ids by request id: multi-row INSERTs on PostgreSQL (<see cref="RawSql.InsertRowsAsync{T}"/>), one prepared INSERT per row on SQLite.
/// </summary>
public static class NewDeliveriesSql
{
    private const string Columns = "subscription_id, shop_id, outbox_event_id, topic, request_id, status, attempt_count, next_attempt_at, lease_owner, lease_expires_at, created_at";

    public static async Task<Dictionary<string, long>> InsertAsync(
        PlauditDbContext db, IReadOnlyList<NewDelivery> deliveries, DateTime now, DateTime firstAttemptAt, string leaseOwner, DateTime leaseUntil,
        CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, long>(deliveries.Count, StringComparer.Ordinal);
        if (!db.Database.IsNpgsql())
        {
            await using var insert = RawSql.Prepare(db, $"INSERT INTO webhook_deliveries ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, 'pending', 0, @p5, @p6, @p7, @p8) RETURNING id", 9);
            foreach (var d in deliveries)
            {
                object?[] row = [d.Subscription.Id, d.Event.ShopId, d.Event.Id, d.Event.Topic, d.RequestId, firstAttemptAt,
                    d.Leased ? leaseOwner : null, d.Leased ? leaseUntil : null, now];
                ids[d.RequestId] = (long)(await insert.ScalarAsync(row, cancellationToken))!;
            }
            return ids;
        }
        var rows = deliveries.Select(d => new object?[]
        {
            d.Subscription.Id, d.Event.ShopId, d.Event.Id, d.Event.Topic, d.RequestId, DeliveryStatus.Pending, 0, firstAttemptAt,
            d.Leased ? leaseOwner : null, d.Leased ? leaseUntil : null, now,
        }).ToList();
        foreach (var (id, requestId) in await RawSql.InsertRowsAsync(db, "webhook_deliveries", Columns, rows, "id, request_id", r => (r.GetInt64(0), r.GetString(1)), cancellationToken))
        {
            ids[requestId] = id;
        }
        return ids;
    }
}
