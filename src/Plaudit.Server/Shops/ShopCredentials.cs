using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>The shop behind a public token, with its private token decrypted for signature checks.</summary>
public sealed record ShopCredential(long ShopId, string PrivateToken);

public sealed class ShopCredentials(PlauditDbContext db, ShopTokens tokens, IMemoryCache cache)
{
    /// <summary>
    /// Reads the shop row on every call, so a reset private token stops working at once on every node;
    /// only the decryption is cached, keyed by the ciphertext that a reset replaces.
    /// </summary>
    public async Task<ShopCredential?> FindByPublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var row = await db.Shops.AsNoTracking()
            .Where(s => s.PublicToken == publicToken)
            .Select(s => new { s.Id, s.ProtectedPrivateToken })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var privateToken = cache.GetOrCreate(("private-token", row.ProtectedPrivateToken), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            entry.Size = 1;
            return tokens.Unprotect(row.ProtectedPrivateToken);
        })!;
        return new ShopCredential(row.Id, privateToken);
    }
}
