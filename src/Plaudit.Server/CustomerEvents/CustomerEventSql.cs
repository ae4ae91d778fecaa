using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.CustomerEvents;

/// <summary>
/// Inserts a batch of customer events without change tracking, in the caller's transaction, and sets
/// their ids: on SQLite one prepared INSERT per row; on PostgreSQL the ids are drawn from the column's
/// sequence first, so one multi-row INSERT writes them all and each event knows its id for certain.
/// </summary>
public static class CustomerEventSql
{
    private const string Columns = "shop_id, client_id, event_type, event_source, device_type, os_type, page_url, properties, created_at";

    public static async Task InsertAsync(PlauditDbContext db, IReadOnlyList<CustomerEvent> events, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await using var insert = RawSql.Prepare(db, $"INSERT INTO customer_events ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) RETURNING id", 9);
            foreach (var e in events)
            {
                e.Id = (long)(await insert.ScalarAsync(Row(e), cancellationToken))!;
            }
            return;
        }
        var ids = await RawSql.QueryAsync(db, "SELECT nextval(pg_get_serial_sequence('customer_events', 'id')) FROM generate_series(1, @p0)",
            [events.Count], r => r.GetInt64(0), cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Id = ids[i];
        }
        await RawSql.InsertRowsAsync(db, "customer_events", "id, " + Columns, events.Select(e => (object?[])[e.Id, .. Row(e)]).ToList(), cancellationToken);
    }

    private static object?[] Row(CustomerEvent e) =>
        [e.ShopId, e.ClientId, e.EventType, e.EventSource, e.DeviceType, e.OsType, e.PageUrl, e.Properties, e.CreatedAt];
}
