namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>One event on its way to one subscription, with its retry state and its lease.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    public long ShopId { get; set; }
    public long OutboxEventId { get; set; }
    public required string Topic { get; set; }

    /// <summary>Sent as the request id header; the same on every attempt so receivers can dedupe.</summary>
    public required string RequestId { get; set; }

    public string Status { get; set; } = DeliveryStatus.Pending;
    public int AttemptCount { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The node working on it and until when; an expired lease (a crashed node) is taken over.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
