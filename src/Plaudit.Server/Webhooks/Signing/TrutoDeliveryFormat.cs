using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>
/// Deliveries for Truto-shaped subscriptions: <c>{"id","event","payload","environment_id","created_at","webhook_id"}</c>,
/// <c>x-truto-signature: format=sha256,v=&lt;base64 HMAC-SHA256 of the raw body, keyed by the webhook's secret&gt;</c>,
/// and the Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>, keyed by the UTF-8 bytes of
/// the same secret, i.e. <c>whsec_</c> + base64 of them for a Standard Webhooks library). Success is any 2xx.
/// </summary>
public sealed class TrutoDeliveryFormat : IDeliveryFormat
{
    public const string SignatureHeader = "x-truto-signature";

    public string Shape => WebhookShape.Truto;

    public HttpRequestMessage BuildRequest(Uri url, DeliveryContext context)
    {
        var body = Body(context);
        var key = Encoding.UTF8.GetBytes(context.Secret);
        var timestamp = context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SignatureHeader, "format=sha256,v=" + Convert.ToBase64String(HmacSha256.Compute(key, body)));

        var signed = Encoding.UTF8.GetBytes($"{context.RequestId}.{timestamp}.").Concat(body).ToArray();
        request.Headers.TryAddWithoutValidation("webhook-id", context.RequestId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + Convert.ToBase64String(HmacSha256.Compute(key, signed)));
        return request;
    }

    public bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody) => statusCode is >= 200 and <= 299;

    /// <summary>The event id is the delivery's request id: stable across retries, so receivers can dedupe on it.</summary>
    private static byte[] Body(DeliveryContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(context.Payload.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", context.RequestId);
            writer.WriteString("event", context.Topic);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(context.Payload, skipInputValidation: true);
            writer.WriteString("environment_id", WebhookOwner.EnvironmentId(context.ShopId, context.PlatformClientId));
            writer.WriteString("created_at", TrutoTime.Format(context.OccurredAt));
            writer.WriteString("webhook_id", context.WebhookId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
