using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>Creates shops (the CLI's <c>shops create</c> and the demo use it).</summary>
public sealed class ShopRegistry(PlauditDbContext db, ShopTokens tokens, TimeProvider clock)
{
    public async Task<CreatedShop> CreateAsync(string name, string? domain, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var privateToken = ShopTokens.NewPrivateToken();
        var shop = new Shop
        {
            Name = name,
            Domain = domain,
            PublicToken = ShopTokens.NewPublicToken(),
            ProtectedPrivateToken = tokens.Protect(privateToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Shops.Add(shop);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedShop(shop.Id, shop.Name, shop.Domain, shop.PublicToken, privateToken);
    }

    /// <summary>A new private token; the old one fails from the next request on, on every node.</summary>
    public async Task<string> ResetPrivateTokenAsync(long shopId, CancellationToken cancellationToken)
    {
        var shop = await db.Shops.SingleAsync(s => s.Id == shopId, cancellationToken);
        var privateToken = ShopTokens.NewPrivateToken();
        shop.ProtectedPrivateToken = tokens.Protect(privateToken);
        shop.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return privateToken;
    }
}
