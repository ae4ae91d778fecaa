using System.Text;
using System.Text.Json;

namespace Plaudit.Client;

/// <summary>
/// Spec 1.3: system webhooks (app/authorized, integration/disconnected, app/uninstalled) carry
/// <c>X-Trustoo-Signature</c>, the lowercase hex HMAC-SHA256 of the raw body keyed by the platform's
/// client secret. Their timestamp is the body's <c>timestamp</c> field.
/// </summary>
public static class SystemWebhookSignature
{
    public const string Header = "X-Trustoo-Signature";

    public static string Sign(string clientSecret, ReadOnlySpan<byte> rawBody) =>
        Convert.ToHexStringLower(HmacSha256.Compute(Encoding.UTF8.GetBytes(clientSecret), rawBody));

    /// <summary>
    /// Constant-time check of a received signature against the raw body, and that the body's
    /// <c>timestamp</c> is within <paramref name="tolerance"/> (default <see cref="WebhookTimestamp.DefaultTolerance"/>) of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string clientSecret, ReadOnlySpan<byte> rawBody, string? signature, TimeSpan? tolerance = null, DateTimeOffset? now = null) =>
        OpenApiSignature.Matches(Sign(clientSecret, rawBody), signature ?? "") && BodyTimestamp(rawBody) is { } timestamp && WebhookTimestamp.IsFresh(timestamp, tolerance, now);

    private static long? BodyTimestamp(ReadOnlySpan<byte> rawBody)
    {
        try
        {
            var reader = new Utf8JsonReader(rawBody);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if (isTimestamp)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) ? seconds : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
