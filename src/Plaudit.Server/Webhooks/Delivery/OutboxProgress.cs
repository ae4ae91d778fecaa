using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Which outbox events have been fanned out into deliveries. PostgreSQL marks each event's
/// <c>dispatched_at</c>: nodes take batches side by side with SKIP LOCKED, so ids do not commit in
/// order there. SQLite has a single writer and AUTOINCREMENT ids, so events commit in id order and one
/// cursor row, the last id dispatched, records a whole batch in one small write instead of rewriting
/// every event row, payload and all. Events written already dispatched (test webhooks) carry
/// <c>dispatched_at</c> on both; on SQLite the cursor simply moves past them.
/// </summary>
public static class OutboxProgress
{
    private const string SqliteCursor = "SELECT last_event_id FROM outbox_dispatch_cursor";
    private const string Columns = "id, event_id, shop_id, topic, payload, platform_client_id, occurred_at, dispatched_at";

    /// <summary>
    /// The next events in commit order, in the caller's transaction; on PostgreSQL locked, so no other
    /// node takes them. On SQLite the list can hold events written already dispatched: skip them.
    /// </summary>
    public static Task<List<OutboxEvent>> TakeAsync(PlauditDbContext db, int take, CancellationToken cancellationToken) =>
        // Plain SQL: the dispatcher runs this after every commit that wrote events, so EF's materializer showed up per batch.
        RawSql.QueryAsync(db, db.Database.IsNpgsql()
                ? $"SELECT {Columns} FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT @p0 FOR UPDATE SKIP LOCKED"
                : $"SELECT {Columns} FROM outbox_events WHERE id > ({SqliteCursor}) ORDER BY id LIMIT @p0",
            [take], r => new OutboxEvent
            {
                Id = r.GetInt64(0),
                EventId = r.GetString(1),
                ShopId = r.GetInt64(2),
                Topic = r.GetString(3),
                Payload = r.GetString(4),
                PlatformClientId = r.IsDBNull(5) ? null : r.GetString(5),
                OccurredAt = DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc),
                DispatchedAt = r.IsDBNull(7) ? null : DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc),
            }, cancellationToken);

    /// <summary>Records the events <see cref="TakeAsync"/> returned as dispatched, in the same transaction.</summary>
    public static Task MarkDispatchedAsync(PlauditDbContext db, IReadOnlyCollection<OutboxEvent> events, DateTime now, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? RawSql.ExecuteAsync(db, $"UPDATE outbox_events SET dispatched_at = @p0 WHERE id IN ({RawSql.IdList(events.Select(e => e.Id))})", [now], cancellationToken)
            : RawSql.ExecuteAsync(db, "UPDATE outbox_dispatch_cursor SET last_event_id = MAX(last_event_id, @p0)", [events.Max(e => e.Id)], cancellationToken);

    /// <summary>Whether any committed event still waits to be fanned out.</summary>
    public static async Task<bool> AnyWaitingAsync(PlauditDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await db.OutboxEvents.AnyAsync(e => e.DispatchedAt == null, cancellationToken)
            : (await RawSql.QueryAsync(db, $"SELECT EXISTS (SELECT 1 FROM outbox_events WHERE id > ({SqliteCursor}) AND dispatched_at IS NULL)", [],
                r => r.GetInt64(0), cancellationToken))[0] == 1;

    /// <summary>Events dispatched before <paramref name="cutoff"/> (on SQLite: dispatched, and older than it).</summary>
    public static async Task<IQueryable<OutboxEvent>> DispatchedBeforeAsync(PlauditDbContext db, DateTime cutoff, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return db.OutboxEvents.Where(e => e.DispatchedAt < cutoff);
        }
        var cursor = (await RawSql.QueryAsync(db, SqliteCursor, [], r => r.GetInt64(0), cancellationToken))[0];
        return db.OutboxEvents.Where(e => e.OccurredAt < cutoff && e.Id <= cursor);
    }
}
