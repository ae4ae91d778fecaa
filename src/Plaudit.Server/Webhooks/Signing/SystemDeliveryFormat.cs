using System.Net.Http.Headers;
using System.Text;
using Plaudit.Client;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>
/// Spec 1.3's system webhooks: the body is the event as stored (<c>{"event","shop_id","platform","timestamp"}</c>),
/// <c>X-Trustoo-Signature</c> is the lowercase hex HMAC-SHA256 of the raw body keyed by the platform's
/// client secret. Success is any 2xx.
/// </summary>
public sealed class SystemDeliveryFormat : IDeliveryFormat
{
    /// <summary>Stable across retries of one delivery, for receivers that dedupe.</summary>
    public const string RequestIdHeader = "X-Trustoo-Request-Id";

    public string Shape => WebhookShape.System;

    public HttpRequestMessage BuildRequest(Uri url, DeliveryContext context)
    {
        var body = Encoding.UTF8.GetBytes(context.Payload);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SystemWebhookSignature.Header, SystemWebhookSignature.Sign(context.Secret, body));
        request.Headers.TryAddWithoutValidation(RequestIdHeader, context.RequestId);
        return request;
    }

    public bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody) => statusCode is >= 200 and <= 299;
}
