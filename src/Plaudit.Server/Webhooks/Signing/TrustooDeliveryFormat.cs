using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>
/// Spec 3.5: POST <c>{"event","shop_id","data"}</c>, signed over <c>timestamp=…|body</c>; success is
/// HTTP 200 with a JSON body whose <c>code</c> is 0.
/// </summary>
public sealed class TrustooDeliveryFormat : IDeliveryFormat
{
    public string Shape => WebhookShape.Trustoo;

    public HttpRequestMessage BuildRequest(Uri url, DeliveryContext context)
    {
        var body = Body(context);
        var timestamp = context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(TrustooWebhookSignature.PublicTokenHeader, context.ShopPublicToken);
        request.Headers.TryAddWithoutValidation(TrustooWebhookSignature.TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(TrustooWebhookSignature.SignHeader, TrustooWebhookSignature.Sign(context.Secret, timestamp, body));
        request.Headers.TryAddWithoutValidation(TrustooWebhookSignature.RequestIdHeader, context.RequestId);
        return request;
    }

    public bool IsSuccess(int statusCode, ReadOnlySpan<byte> responseBody) => statusCode == 200 && HasCodeZero(responseBody);

    /// <summary>Whether the body is a JSON object whose top-level <c>code</c> is the number 0 (read without building a document).</summary>
    private static bool HasCodeZero(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var code = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                reader.Read();
                if (isCode)
                {
                    code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value == 0;
                }
                reader.Skip();
            }
            // The whole body must be that one well-formed object: reaching its end, and nothing after it.
            return code && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Body(DeliveryContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(context.Payload.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer, PayloadJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("event", context.Topic);
            writer.WriteString("shop_id", context.ShopId.ToString(CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            writer.WriteRawValue(context.Payload, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
