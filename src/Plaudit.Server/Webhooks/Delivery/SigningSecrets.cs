using Microsoft.AspNetCore.DataProtection;
using Plaudit.Server.Security;
using Plaudit.Server.Platforms;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>Decrypts the secret that signs a delivery (decryptions cached by ciphertext).</summary>
public sealed class SigningSecrets(IDataProtectionProvider dataProtection, DecryptedSecretCache cache, ShopTokens shopTokens, PlatformSecrets platformSecrets)
{
    private readonly IDataProtector _subscriptionProtector = dataProtection.CreateProtector("Plaudit.Webhooks.SubscriptionSecret.v1");

    public string ProtectSubscriptionSecret(string secret) => _subscriptionProtector.Protect(secret);

    public string Resolve(SigningKey key)
    {
        if (key.SubscriptionSecret is { } own)
        {
            return cache.GetOrAdd("subscription-secret", own, _subscriptionProtector.Unprotect);
        }
        return key.PlatformSecret is { } platform ? platformSecrets.UnprotectCached(platform) : shopTokens.UnprotectCached(key.ShopPrivateToken);
    }
}
