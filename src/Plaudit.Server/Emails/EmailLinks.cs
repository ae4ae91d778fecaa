using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.Emails;

/// <summary>
/// Makes and reads the tokens in an email's links: sealed with a key every node shares
/// (<see cref="EmailLinkSeal"/>, <see cref="EmailLinkKeys"/>), so any node reads any link, a changed byte
/// is refused, a token opens only for its own kind of link, and it stops working after
/// <see cref="EmailOptions.LinkLifetime"/> (a confirmation link after <see cref="EmailOptions.ConfirmationLinkLifetime"/>).
/// Links made before, with ASP.NET Core Data Protection's time-limited protector, are still in
/// mailboxes and still read (that protector checks their expiry against the system clock).
/// </summary>
public sealed class EmailLinks(IDataProtectionProvider protection, EmailLinkKeys keys, PublicUrl publicUrl, IOptions<EmailOptions> options, TimeProvider clock)
{
    public const string FormPath = "/review/";
    public const string UnsubscribePath = "/emails/unsubscribe/";
    public const string OpenPath = "/emails/open/";
    public const string ConfirmPath = "/emails/confirm/";
    private const int MaxTokenLength = 4096;

    // Data Protection reads the links made before the seal. Made once per purpose, not per link: a new
    // protector computes its purpose chain again on its first use.
    private readonly Dictionary<EmailLinkPurpose, ITimeLimitedDataProtector> _legacyProtectors = Enum.GetValues<EmailLinkPurpose>().ToDictionary(
        purpose => purpose, purpose => protection.CreateProtector("Plaudit.Emails.Link", purpose.ToString(), "v1").ToTimeLimitedDataProtector());

    public string Protect(EmailLinkToken token, EmailLinkPurpose purpose)
    {
        var (keyId, secret) = keys.Newest;
        return WebEncoders.Base64UrlEncode(EmailLinkSeal.Seal(keyId, secret, purpose, clock.GetUtcNow() + Lifetime(purpose), JsonSerializer.SerializeToUtf8Bytes(token)));
    }

    /// <summary>The token's content, or null when it is not one this server made for this purpose, was changed, or has expired.</summary>
    public EmailLinkToken? Read(string? text, EmailLinkPurpose purpose)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxTokenLength)
        {
            return null;
        }
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(text);
            var content = EmailLinkSeal.IsSealed(bytes)
                ? EmailLinkSeal.Open(bytes, keys.Find, purpose, clock.GetUtcNow())
                : _legacyProtectors[purpose].Unprotect(bytes, out _);
            return content is null ? null : JsonSerializer.Deserialize<EmailLinkToken>(content);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A pixel's or unsubscribe link's token: <see cref="EmailLinkPurpose.Tracking"/>, or for a link made
    /// before that existed, its own <paramref name="legacy"/> purpose.
    /// </summary>
    public EmailLinkToken? ReadTracking(string? text, EmailLinkPurpose legacy) => Read(text, EmailLinkPurpose.Tracking) ?? Read(text, legacy);

    // Strings joined onto the public URL, not Uri objects: a message has eight links, each with a long
    // token, and parsing each into a Uri only to print it again was a tenth of composing.
    public string FormUrl(string token, int? rating = null) =>
        Link(FormPath, token) + (rating is { } r ? $"?rating={r}&from=email" : "?from=email");

    public string UnsubscribeUrl(string token) => Link(UnsubscribePath, token);

    public string ConfirmUrl(string token) => Link(ConfirmPath, token);

    public string OpenUrl(string token) => Link(OpenPath, token) + ".gif";

    /// <summary>The public URL (which ends with <c>/</c>) with the path under it and the token (URL-safe base64, so nothing to escape).</summary>
    private string Link(string path, string token) => string.Concat(publicUrl.Value.AbsoluteUri, path.AsSpan(1), token);

    private TimeSpan Lifetime(EmailLinkPurpose purpose) =>
        purpose == EmailLinkPurpose.ConfirmReview ? options.Value.ConfirmationLinkLifetime : options.Value.LinkLifetime;
}
