namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>Everything a format needs to build one attempt's request.</summary>
public sealed record DeliveryContext(
    string RequestId,
    string Topic,
    long ShopId,
    string ShopPublicToken,
    string? ShopDomain,
    Guid WebhookId,
    string? PlatformClientId,
    string Secret,
    string EventId,
    DateTime OccurredAt,
    string Payload,
    DateTimeOffset Now);
