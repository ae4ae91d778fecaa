using System.Text.Json;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Outbox;

/// <summary>
/// Adds an event to the unit of work; it commits with the caller's SaveChanges or not at all.
/// </summary>
public sealed class OutboxWriter(PlauditDbContext db, TimeProvider clock)
{
    public OutboxEvent Add<T>(long shopId, string topic, T data)
    {
        var outboxEvent = new OutboxEvent
        {
            EventId = Guid.NewGuid().ToString("N"),
            ShopId = shopId,
            Topic = topic,
            Payload = JsonSerializer.Serialize(data, OpenApiJson.Options),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxEvents.Add(outboxEvent);
        return outboxEvent;
    }
}
