using System.Text;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Writes a batch of attempt results in a few multi-row statements (one UPDATE of the deliveries,
/// one INSERT of the attempts per chunk): the engine's hottest write, kept out of change tracking.
/// </summary>
public static class AttemptLogSql
{
    private const int Chunk = 200;
    private const string AttemptColumns = "delivery_id, number, started_at, duration_ms, status_code, response_body, error, succeeded";

    /// <summary>
    /// Writes the results whose delivery this node still holds (pending, leased to <paramref name="nodeId"/>)
    /// and returns those; a lease lost to a take-over leaves its row to the new holder.
    /// </summary>
    public static async Task<List<AttemptResult>> WriteAsync(PlauditDbContext db, IReadOnlyList<AttemptResult> results, string nodeId, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        if (!postgres)
        {
            return await WriteOneByOneAsync(db, results, nodeId, cancellationToken);
        }
        var written = new List<AttemptResult>(results.Count);
        foreach (var chunk in results.Chunk(Chunk))
        {
            var (update, updateValues) = UpdateDeliveries(chunk, nodeId, postgres);
            var ours = (await RawSql.QueryAsync(db, update, updateValues, r => r.GetInt64(0), cancellationToken)).ToHashSet();
            var mine = chunk.Where(r => ours.Contains(r.Attempt.Work.DeliveryId)).ToArray();
            if (mine.Length > 0)
            {
                var (insert, insertValues) = InsertAttempts(mine, postgres);
                await RawSql.ExecuteAsync(db, insert, insertValues, cancellationToken);
            }
            written.AddRange(mine);
        }
        return written;
    }

    /// <summary>SQLite: two prepared statements run per result, no SQL parsed per batch.</summary>
    private static async Task<List<AttemptResult>> WriteOneByOneAsync(PlauditDbContext db, IReadOnlyList<AttemptResult> results, string nodeId, CancellationToken cancellationToken)
    {
        await using var update = RawSql.Prepare(db, """
            UPDATE webhook_deliveries SET status = @p1, attempt_count = @p2, next_attempt_at = @p3, completed_at = @p4, last_error = @p5,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @p0 AND lease_owner = @p6 AND status = 'pending'
            """, 7);
        await using var insert = RawSql.Prepare(db, $"INSERT INTO webhook_delivery_attempts ({AttemptColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)", 8);
        var written = new List<AttemptResult>(results.Count);
        foreach (var r in results)
        {
            if (await update.ExecuteAsync([r.Attempt.Work.DeliveryId, r.Status, r.Number, r.NextAttemptAt, r.CompletedAt, r.Error, nodeId], cancellationToken) == 0)
            {
                continue;
            }
            await insert.ExecuteAsync(AttemptValues(r), cancellationToken);
            written.Add(r);
        }
        return written;
    }

    private static object?[] AttemptValues(AttemptResult r) =>
    [
        r.Attempt.Work.DeliveryId, r.Number, r.Attempt.FinishedAt.AddMilliseconds(-r.Attempt.Outcome.DurationMs),
        r.Attempt.Outcome.DurationMs, r.Attempt.Outcome.StatusCode, r.ResponseBody, r.Error, r.Attempt.Outcome.Succeeded,
    ];

    private static (string Sql, List<object?> Values) UpdateDeliveries(AttemptResult[] chunk, string nodeId, bool postgres)
    {
        List<object?> values = [nodeId];
        var rows = new StringBuilder();
        foreach (var r in chunk)
        {
            var p = values.Count;
            values.AddRange([r.Attempt.Work.DeliveryId, r.Status, r.Number, r.NextAttemptAt, r.CompletedAt, r.Error]);
            rows.Append(rows.Length == 0 ? "" : ", ").Append(postgres
                ? $"(@p{p}::bigint, @p{p + 1}::text, @p{p + 2}::int, @p{p + 3}::timestamptz, @p{p + 4}::timestamptz, @p{p + 5}::text)"
                : $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}, @p{p + 5})");
        }
        // Only rows still leased to this node (@p0) and pending; on PostgreSQL the UPDATE also locks them
        // against a node taking over an expired lease at the same moment.
        var sql = postgres
            ? $"""
               UPDATE webhook_deliveries AS d SET status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next_attempt_at,
                   completed_at = v.completed_at, last_error = v.last_error, lease_owner = NULL, lease_expires_at = NULL
               FROM (VALUES {rows}) AS v(delivery_id, status, attempt_count, next_attempt_at, completed_at, last_error)
               WHERE d.id = v.delivery_id AND d.lease_owner = @p0 AND d.status = 'pending'
               RETURNING d.id
               """
            : $"""
               WITH v(delivery_id, status, attempt_count, next_attempt_at, completed_at, last_error) AS (VALUES {rows})
               UPDATE webhook_deliveries SET status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next_attempt_at,
                   completed_at = v.completed_at, last_error = v.last_error, lease_owner = NULL, lease_expires_at = NULL
               FROM v WHERE webhook_deliveries.id = v.delivery_id AND webhook_deliveries.lease_owner = @p0 AND webhook_deliveries.status = 'pending'
               RETURNING id
               """;
        return (sql, values);
    }

    private static (string Sql, List<object?> Values) InsertAttempts(AttemptResult[] chunk, bool postgres)
    {
        var values = new List<object?>();
        var rows = new StringBuilder();
        foreach (var r in chunk)
        {
            var p = values.Count;
            values.AddRange(AttemptValues(r));
            rows.Append(rows.Length == 0 ? "" : ", ").Append(postgres
                ? $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}::int, @p{p + 5}::text, @p{p + 6}::text, @p{p + 7})"
                : $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}, @p{p + 5}, @p{p + 6}, @p{p + 7})");
        }
        var sql = $"""
            INSERT INTO webhook_delivery_attempts ({AttemptColumns})
            VALUES {rows}
            """;
        return (sql, values);
    }
}
