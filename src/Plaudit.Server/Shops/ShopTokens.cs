using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Plaudit.Server.Security;

namespace Plaudit.Server.Shops;

/// <summary>Creates shop tokens and keeps private tokens encrypted at rest.</summary>
public sealed class ShopTokens(IDataProtectionProvider dataProtection, DecryptedSecretCache cache)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Plaudit.Shops.PrivateToken.v1");

    /// <summary>16 random bytes in base64, the spec's public token format (e.g. <c>GfKu22TCaj4gULtrA3/OgA==</c>).</summary>
    public static string NewPublicToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>32 random bytes, lowercase hex: 256 bits of HMAC key.</summary>
    public static string NewPrivateToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Protect(string privateToken) => _protector.Protect(privateToken);

    public string Unprotect(string protectedPrivateToken) => _protector.Unprotect(protectedPrivateToken);

    /// <summary>
    /// Decrypts with a cache keyed by the ciphertext: a reset writes a new ciphertext, so the old
    /// token's entry is simply never asked for again.
    /// </summary>
    public string UnprotectCached(string protectedPrivateToken) =>
        cache.GetOrAdd("private-token", protectedPrivateToken, Unprotect);
}
