using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Leases due deliveries to one node. A delivery is due when pending, its next attempt time has come
/// and nobody holds a live lease on it (an expired lease means its node died: it is taken over).
/// Each subscription gets no more than the room this node has for it (<c>roomPerSubscription</c>, else
/// <c>defaultRoom</c>), and saturated subscriptions nothing, so a slow receiver cannot fill the worker pool.
/// </summary>
public static class DeliveryClaims
{
    /// <summary>
    /// Whether any delivery is due, by a read alone: a poll that would claim nothing takes no write
    /// lock, so it never waits behind another writer's transaction (nor holds up the engine's other
    /// writers queued behind it).
    /// </summary>
    public static async Task<bool> AnyDueAsync(PlauditDbContext db, DateTime now, IReadOnlyCollection<long> saturatedSubscriptions, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT 1 FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= @p0
              AND (lease_expires_at IS NULL OR lease_expires_at < @p0) {Excluding(saturatedSubscriptions)}
            LIMIT 1
            """;
        return (await RawSql.QueryAsync(db, sql, [now], r => r.GetInt32(0), cancellationToken)).Count > 0;
    }

    public static async Task<List<long>> ClaimAsync(
        PlauditDbContext db, string owner, DateTime now, DateTime leaseUntil, int limit, int defaultRoom,
        IReadOnlyDictionary<long, int> roomPerSubscription, IReadOnlyCollection<long> saturatedSubscriptions, CancellationToken cancellationToken)
    {
        var excluded = Excluding(saturatedSubscriptions);
        var room = roomPerSubscription.Count == 0
            ? Number(defaultRoom)
            : $"CASE subscription_id {string.Concat(roomPerSubscription.Select(p => $"WHEN {Number(p.Key)} THEN {Number(p.Value)} "))}ELSE {Number(defaultRoom)} END";
        // On PostgreSQL the candidates are locked with SKIP LOCKED, so concurrent nodes never claim the same row.
        var lockClause = db.Database.IsNpgsql() ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            WITH candidates AS (
                SELECT id, subscription_id, next_attempt_at FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= @p0
                  AND (lease_expires_at IS NULL OR lease_expires_at < @p0) {excluded}
                ORDER BY next_attempt_at, id
                LIMIT @p3
                {lockClause}
            ),
            ranked AS (
                SELECT id, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, id) AS position,
                       {room} AS room
                FROM candidates
            )
            UPDATE webhook_deliveries SET lease_owner = @p1, lease_expires_at = @p2
            WHERE id IN (SELECT id FROM ranked WHERE position <= room ORDER BY next_attempt_at, id LIMIT @p4)
            RETURNING id
            """;
        // The candidate window is wider than the claim so per-subscription room can skip over a busy receiver.
        // Plain ADO.NET: the text varies with the room map, and EF would compile a new query for every variant.
        return await RawSql.QueryAsync(db, sql, [now, owner, leaseUntil, limit * 4, limit], r => r.GetInt64(0), cancellationToken);
    }

    /// <summary>
    /// Everything needed to send the deliveries <paramref name="ids"/>: the worker's claimed work, and
    /// what the merchant's log rebuilds a sent request from.
    /// </summary>
    public static Task<List<ClaimedDelivery>> LoadAsync(PlauditDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        (from d in db.WebhookDeliveries.AsNoTracking()
         where ids.Contains(d.Id)
         join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
         join e in db.OutboxEvents on d.OutboxEventId equals e.Id
         join shop in db.Shops on d.ShopId equals shop.Id
         from platform in db.Platforms.Where(p => p.ClientId == s.PlatformClientId).DefaultIfEmpty()
         select new ClaimedDelivery(d.Id, d.RequestId, d.Topic, d.AttemptCount, d.ShopId, s.Id, s.Url, s.Shape, s.IsActive,
             e.EventId, e.OccurredAt, e.Payload, shop.PublicToken, shop.Domain, s.PublicId, s.PlatformClientId,
             new SigningKey(s.ProtectedSecret, platform != null ? platform.ProtectedClientSecret : null, shop.ProtectedPrivateToken)))
        .ToListAsync(cancellationToken);

    private static string Excluding(IReadOnlyCollection<long> saturatedSubscriptions) => saturatedSubscriptions.Count == 0
        ? ""
        : $"AND subscription_id NOT IN ({RawSql.IdList(saturatedSubscriptions)})";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
