using System.Text;

namespace Plaudit.Client;

/// <summary>
/// Spec 1.3: system webhooks (app/authorized, integration/disconnected, app/uninstalled) carry
/// <c>X-Trustoo-Signature</c>, the lowercase hex HMAC-SHA256 of the raw body keyed by the platform's
/// client secret.
/// </summary>
public static class SystemWebhookSignature
{
    public const string Header = "X-Trustoo-Signature";

    public static string Sign(string clientSecret, ReadOnlySpan<byte> rawBody) =>
        Convert.ToHexStringLower(HmacSha256.Compute(Encoding.UTF8.GetBytes(clientSecret), rawBody));

    /// <summary>Constant-time check of a received signature against the raw body.</summary>
    public static bool Verify(string clientSecret, ReadOnlySpan<byte> rawBody, string? signature) =>
        OpenApiSignature.Matches(Sign(clientSecret, rawBody), signature ?? "");
}
