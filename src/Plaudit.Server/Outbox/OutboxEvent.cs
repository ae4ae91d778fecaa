namespace Plaudit.Server.Outbox;

/// <summary>
/// A domain event written in the same transaction as the change it describes; the webhook engine
/// drains these into deliveries. <see cref="EventId"/> is stable for the event's whole life.
/// </summary>
public sealed class OutboxEvent
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long ShopId { get; set; }
    public required string Topic { get; set; }

    /// <summary>The event's <c>data</c> object, serialized once so every delivery sends the same bytes.</summary>
    public required string Payload { get; set; }

    /// <summary>
    /// Set for system events (app/authorized, ...): the one platform they are for. They go to that
    /// platform's system webhook, never to the shop's subscriptions.
    /// </summary>
    public string? PlatformClientId { get; set; }

    public DateTime OccurredAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
}
