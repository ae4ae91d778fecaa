using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Plaudit.Server.Security;

namespace Plaudit.Server.Platforms;

/// <summary>
/// Platform client secrets: generated here, shown once, kept encrypted with Data Protection (they
/// sign webhooks, so a one-way hash would not do; OpenIddict keeps its own hash for the token endpoint).
/// </summary>
public sealed class PlatformSecrets(IDataProtectionProvider dataProtection, DecryptedSecretCache cache)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Plaudit.Platforms.ClientSecret.v1");

    /// <summary>32 random bytes, base64url: 256 bits, safe in forms and headers.</summary>
    public static string NewSecret() => Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string UnprotectCached(string protectedSecret) =>
        cache.GetOrAdd("platform-secret", protectedSecret, _protector.Unprotect);
}
