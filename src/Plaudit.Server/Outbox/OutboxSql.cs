using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Outbox;

/// <summary>An outbox event for <see cref="OutboxSql"/>: its data already serialized, as <see cref="OutboxWriter"/> does.</summary>
public readonly record struct NewOutboxEvent(long ShopId, string Topic, string Payload);

/// <summary>
/// Writes outbox events without change tracking, in the caller's transaction, for the group-commit
/// writers whose batches are the storefront's hottest writes. The commit wakes the dispatcher as a
/// tracked <see cref="OutboxWriter"/> add does (this node at once, other nodes through NOTIFY).
/// </summary>
public static class OutboxSql
{
    private const string Columns = "event_id, shop_id, topic, payload, occurred_at";

    public static async Task InsertAsync(PlauditDbContext db, IReadOnlyList<NewOutboxEvent> events, DateTime occurredAt, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        db.HasUncommittedOutboxEvents = true;
        if (!db.Database.IsNpgsql())
        {
            await using var insert = RawSql.Prepare(db, $"INSERT INTO outbox_events ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
            foreach (var e in events)
            {
                await insert.ExecuteAsync([Guid.NewGuid().ToString("N"), e.ShopId, e.Topic, e.Payload, occurredAt], cancellationToken);
            }
            return;
        }
        await RawSql.InsertRowsAsync(db, "outbox_events", Columns,
            events.Select(e => new object?[] { Guid.NewGuid().ToString("N"), e.ShopId, e.Topic, e.Payload, occurredAt }).ToList(), cancellationToken);
    }
}
