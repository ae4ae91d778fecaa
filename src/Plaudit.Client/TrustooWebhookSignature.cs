using System.Text;

namespace Plaudit.Client;

/// <summary>
/// Shop webhooks (spec 3.5): <c>Open-Trustoo-Webhook-Sign</c> is lowercase hex HMAC-SHA256 of
/// <c>timestamp=&lt;Open-Trustoo-Webhook-Timestamp&gt;|&lt;raw body&gt;</c>, keyed by the subscription
/// owner's secret (the shop's private token, or a platform's client secret).
/// </summary>
public static class TrustooWebhookSignature
{
    public const string PublicTokenHeader = "Open-Trustoo-Webhook-Public-Token";
    public const string TimestampHeader = "Open-Trustoo-Webhook-Timestamp";
    public const string SignHeader = "Open-Trustoo-Webhook-Sign";
    public const string RequestIdHeader = "Open-Trustoo-Webhook-RequestId";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        OpenApiSignature.Compute(secret, OpenApiSignature.StringToSign("timestamp=" + timestamp, body));

    /// <summary>
    /// For receivers: checks a delivery's signature in constant time, and that its timestamp is within
    /// <paramref name="tolerance"/> (default <see cref="WebhookTimestamp.DefaultTolerance"/>) of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? sign, TimeSpan? tolerance = null, DateTimeOffset? now = null) =>
        WebhookTimestamp.IsFresh(timestamp, tolerance, now) & OpenApiSignature.Matches(Sign(secret, timestamp, body), sign);

    public static bool Verify(string secret, string timestamp, string body, string? sign, TimeSpan? tolerance = null, DateTimeOffset? now = null) =>
        Verify(secret, timestamp, Encoding.UTF8.GetBytes(body), sign, tolerance, now);
}
