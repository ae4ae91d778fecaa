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

/// <summary>
/// How deliveries of one subscription shape look on the wire and what counts as success.
/// The engine (claim, send, record, retry) is the same for every shape.
/// </summary>
public interface IDeliveryFormat
{
    string Shape { get; }

    HttpRequestMessage BuildRequest(Uri url, DeliveryContext context);

    bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody);
}
