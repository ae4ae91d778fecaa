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
    DateTimeOffset Now)
{
    /// <summary>The request of <paramref name="work"/> as sent at <paramref name="now"/>, signed with <paramref name="secret"/>.</summary>
    public static DeliveryContext Of(ClaimedDelivery work, string secret, DateTimeOffset now) => new(
        work.RequestId, work.Topic, work.ShopId, work.ShopPublicToken, work.ShopDomain, work.WebhookId, work.PlatformClientId,
        secret, work.EventId, work.OccurredAt, work.Payload, now);
}
