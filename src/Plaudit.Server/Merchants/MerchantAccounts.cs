using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Merchants;

/// <summary>
/// Merchant accounts: passwords hashed with ASP.NET Core Identity's PBKDF2 hasher, and one-time
/// sign-in links of which only a SHA-256 is stored.
/// </summary>
public sealed class MerchantAccounts(PlauditDbContext db, IOptions<MerchantOptions> options, MerchantSignInThrottle throttle, TimeProvider clock)
{
    private static readonly PasswordHasher<Merchant> Hasher = new();

    /// <summary>Verified against when the email is unknown, so both paths cost the same.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new Merchant { Email = "" }, "not-a-password");

    public async Task<CreatedMerchant> CreateAsync(long shopId, string email, string? password, Uri baseUrl, CancellationToken cancellationToken)
    {
        email = Normalize(email);
        if (!email.Contains('@', StringComparison.Ordinal) || email.Length > 254)
        {
            throw new MerchantException("--email must be an email address.");
        }
        if (password is { Length: < 8 })
        {
            throw new MerchantException("--password must be at least 8 characters.");
        }
        if (!await db.Shops.AnyAsync(s => s.Id == shopId, cancellationToken))
        {
            throw new MerchantException($"No shop with id {shopId}.");
        }
        if (await db.Merchants.AnyAsync(m => m.Email == email, cancellationToken))
        {
            throw new MerchantException($"A merchant with email {email} already exists.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var merchant = new Merchant { ShopId = shopId, Email = email, CreatedAt = now, UpdatedAt = now };
        if (password is not null)
        {
            merchant.PasswordHash = Hasher.HashPassword(merchant, password);
        }
        db.Merchants.Add(merchant);
        await db.SaveChangesAsync(cancellationToken);
        var (link, expiresAt) = await CreateSignInLinkAsync(merchant.Id, baseUrl, cancellationToken);
        return new CreatedMerchant(merchant.Id, shopId, email, password is not null, link, expiresAt);
    }

    public async Task<(string Link, DateTime ExpiresAt)> CreateSignInLinkAsync(long merchantId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var token = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now + options.Value.SignInLinkLifetime;
        db.MerchantSignInLinks.Add(new MerchantSignInLink { MerchantId = merchantId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return (new Uri(baseUrl, $"{MerchantPages.LinkPath}?token={token}").ToString(), expiresAt);
    }

    public async Task<PasswordSignIn> VerifyPasswordAsync(string email, string password, CancellationToken cancellationToken)
    {
        email = Normalize(email);
        var merchant = await db.Merchants.SingleOrDefaultAsync(m => m.Email == email, cancellationToken);
        if (!throttle.TryAttempt(merchant, email))
        {
            return PasswordSignIn.TooManyAttempts;
        }
        if (merchant?.PasswordHash is not { } hash)
        {
            Hasher.VerifyHashedPassword(new Merchant { Email = "" }, DummyHash, password);
            return PasswordSignIn.Failed;
        }
        var result = Hasher.VerifyHashedPassword(merchant, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            merchant.PasswordHash = Hasher.HashPassword(merchant, password);
            await db.SaveChangesAsync(cancellationToken);
        }
        return result == PasswordVerificationResult.Failed ? PasswordSignIn.Failed : new PasswordSignIn(merchant, false);
    }

    /// <summary>Uses a link up, atomically: two concurrent uses cannot both succeed.</summary>
    public async Task<Merchant?> ConsumeLinkAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var used = await db.MerchantSignInLinks
            .Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.UsedAt, now), cancellationToken);
        if (used != 1)
        {
            return null;
        }
        var merchantId = await db.MerchantSignInLinks.Where(l => l.TokenHash == hash).Select(l => l.MerchantId).SingleAsync(cancellationToken);
        return await db.Merchants.SingleOrDefaultAsync(m => m.Id == merchantId, cancellationToken);
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
