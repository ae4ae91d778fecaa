using System.Text;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Writes the dispatcher's new deliveries (the engine's widest write, kept out of change tracking) and
/// returns their ids by request id: multi-row INSERTs on PostgreSQL, one prepared INSERT per row on SQLite.
/// </summary>
public static class NewDeliveriesSql
{
    private const int Chunk = 200;
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
        foreach (var chunk in deliveries.Chunk(Chunk))
        {
            // @p0..@p3 are shared by every row: created_at, next_attempt_at, lease owner, lease expiry.
            List<object?> values = [now, firstAttemptAt, leaseOwner, leaseUntil];
            var rows = new StringBuilder();
            foreach (var d in chunk)
            {
                var p = values.Count;
                values.AddRange([d.Subscription.Id, d.Event.ShopId, d.Event.Id, d.Event.Topic, d.RequestId]);
                rows.Append(rows.Length == 0 ? "" : ", ")
                    .Append($"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}, 'pending', 0, @p1, ")
                    .Append(d.Leased ? "@p2, @p3" : "NULL, NULL")
                    .Append(", @p0)");
            }
            var sql = $"""
                INSERT INTO webhook_deliveries ({Columns})
                VALUES {rows}
                RETURNING id, request_id
                """;
            foreach (var (id, requestId) in await RawSql.QueryAsync(db, sql, values, r => (r.GetInt64(0), r.GetString(1)), cancellationToken))
            {
                ids[requestId] = id;
            }
        }
        return ids;
    }
}
