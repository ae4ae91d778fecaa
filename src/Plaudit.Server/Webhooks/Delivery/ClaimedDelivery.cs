namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>A leased delivery with everything needed to send it.</summary>
public sealed record ClaimedDelivery(
    long DeliveryId,
    string RequestId,
    string Topic,
    int AttemptCount,
    long ShopId,
    long SubscriptionId,
    string Url,
    string Shape,
    bool SubscriptionActive,
    string EventId,
    DateTime OccurredAt,
    string Payload,
    string ShopPublicToken,
    string? ShopDomain,
    Guid WebhookId,
    string? PlatformClientId,
    SigningKey Key);
