using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Plaudit.Server.Platforms;
using Plaudit.Server.Shops;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>Decrypts the secret that signs a delivery (decryptions cached by ciphertext).</summary>
public sealed class SigningSecrets(IDataProtectionProvider dataProtection, IMemoryCache cache, ShopTokens shopTokens, PlatformSecrets platformSecrets)
{
    private readonly IDataProtector _subscriptionProtector = dataProtection.CreateProtector("Plaudit.Webhooks.SubscriptionSecret.v1");

    public string ProtectSubscriptionSecret(string secret) => _subscriptionProtector.Protect(secret);

    public string Resolve(SigningKey key)
    {
        if (key.SubscriptionSecret is { } own)
        {
            return cache.GetOrCreate(("subscription-secret", own), entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromMinutes(10);
                entry.Size = 1;
                return _subscriptionProtector.Unprotect(own);
            })!;
        }
        return key.PlatformSecret is { } platform ? platformSecrets.UnprotectCached(platform) : shopTokens.UnprotectCached(key.ShopPrivateToken);
    }
}
