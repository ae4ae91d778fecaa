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
            Payload = Serialize(data),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxEvents.Add(outboxEvent);
        return outboxEvent;
    }

    /// <summary>An event's <c>data</c> as every delivery sends it.</summary>
    public static string Serialize<T>(T data) => JsonSerializer.Serialize(data, OpenApiJson.Options);

    /// <summary>A system event (spec 1.3) for one platform: the payload is the whole webhook body.</summary>
    public OutboxEvent AddSystem(long shopId, string platformClientId, string topic)
    {
        var now = clock.GetUtcNow();
        var outboxEvent = new OutboxEvent
        {
            EventId = Guid.NewGuid().ToString("N"),
            ShopId = shopId,
            PlatformClientId = platformClientId,
            Topic = topic,
            Payload = SystemPayload(topic, shopId, platformClientId, now),
            OccurredAt = now.UtcDateTime,
        };
        db.OutboxEvents.Add(outboxEvent);
        return outboxEvent;
    }

    public static string SystemPayload(string topic, long shopId, string platformClientId, DateTimeOffset at) =>
        JsonSerializer.Serialize(new SystemEventJson(topic, shopId, platformClientId, at.ToUnixTimeSeconds()), OpenApiJson.Options);
}
