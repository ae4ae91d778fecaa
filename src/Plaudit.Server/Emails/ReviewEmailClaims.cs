using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Emails;

/// <summary>
/// Leases due emails to one node, as the webhook engine leases deliveries (<c>DeliveryClaims</c>): an
/// email is due when scheduled, its time has come and nobody holds a live lease on it. One statement
/// claims: on PostgreSQL the candidates are locked with SKIP LOCKED, so two nodes never claim one
/// row; on SQLite the statement runs under the single write lock. Each claim counts in <c>claims</c>.
/// </summary>
public static class ReviewEmailClaims
{
    public static async Task<List<(long Id, int Claims)>> ClaimAsync(
        PlauditDbContext db, string owner, DateTime now, DateTime leaseUntil, int limit, CancellationToken cancellationToken)
    {
        var lockClause = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            WITH candidates AS (
                SELECT id FROM review_emails
                WHERE status = 'scheduled' AND due_at <= @p0
                  AND (lease_expires_at IS NULL OR lease_expires_at < @p0)
                ORDER BY due_at, id
                LIMIT @p3
                {lockClause}
            )
            UPDATE review_emails SET lease_owner = @p1, lease_expires_at = @p2, claims = claims + 1
            WHERE id IN (SELECT id FROM candidates)
            RETURNING id, claims
            """;
        return await RawSql.QueryAsync(db, sql, [now, owner, leaseUntil, limit], r => (r.GetInt64(0), r.GetInt32(1)), cancellationToken);
    }

    /// <summary>Whether anything is due, by a read alone (a poll that finds nothing takes no write lock).</summary>
    public static Task<bool> AnyDueAsync(PlauditDbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.ReviewEmails.AnyAsync(e => e.Status == ReviewEmailStatus.Scheduled && e.DueAt <= now
            && (e.LeaseExpiresAt == null || e.LeaseExpiresAt < now), cancellationToken);
}
