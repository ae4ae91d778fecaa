using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Leases due deliveries to one node. A delivery is due when pending, its next attempt time has come
/// and nobody holds a live lease on it (an expired lease means its node died: it is taken over).
/// At most <c>perEndpoint</c> deliveries of one subscription are taken at a time, and saturated
/// subscriptions not at all, so a slow receiver cannot fill the worker pool.
/// </summary>
public static class DeliveryClaims
{
    public static async Task<List<long>> ClaimAsync(
        PlauditDbContext db, string owner, DateTime now, DateTime leaseUntil, int limit, int perEndpoint,
        IReadOnlyCollection<long> saturatedSubscriptions, CancellationToken cancellationToken)
    {
        var excluded = saturatedSubscriptions.Count == 0
            ? ""
            : $"AND subscription_id NOT IN ({string.Join(',', saturatedSubscriptions.Select(id => id.ToString(CultureInfo.InvariantCulture)))})";
        // On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent nodes never claim the same row.
        var lockClause = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $$"""
            WITH candidates AS (
                SELECT id, subscription_id, next_attempt_at FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= {0}
                  AND (lease_expires_at IS NULL OR lease_expires_at < {0}) {{excluded}}
                ORDER BY next_attempt_at, id
                LIMIT {3}
                {{lockClause}}
            ),
            ranked AS (
                SELECT id, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS position
                FROM candidates
            )
            UPDATE webhook_deliveries SET lease_owner = {1}, lease_expires_at = {2}
            WHERE id IN (SELECT id FROM ranked WHERE position <= {4} ORDER BY next_attempt_at, id LIMIT {5})
            RETURNING id AS "Value"
            """;
        // The candidate window is wider than the claim so per-endpoint limits can skip over a busy receiver.
        return await db.Database.SqlQueryRaw<long>(sql, now, owner, leaseUntil, limit * 4, perEndpoint, limit)
            .ToListAsync(cancellationToken);
    }
}
