using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plaudit.Client;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>
/// Spec 1.3's system webhooks: the body is the event as stored (<c>{"event","shop_id","platform","timestamp"}</c>)
/// with <c>timestamp</c> set to the attempt's time, so that a receiver can refuse a replayed delivery
/// as stale while retries hours later still pass (the only signed time: the signature covers the body);
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
        var body = StampedBody(context.Payload, context.Now);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SystemWebhookSignature.Header, SystemWebhookSignature.Sign(context.Secret, body));
        request.Headers.TryAddWithoutValidation(RequestIdHeader, context.RequestId);
        return request;
    }

    private static byte[] StampedBody(string payload, DateTimeOffset now)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null)
        {
            return Encoding.UTF8.GetBytes(payload);
        }
        body["timestamp"] = now.ToUnixTimeSeconds();
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    public bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody) => statusCode is >= 200 and <= 299;
}
