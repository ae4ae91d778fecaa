namespace Plaudit.Server.Webhooks.Delivery;

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
