using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

public sealed class ShopCredentials(IServiceProvider services, ShopTokens tokens, ShopLookupQuery lookup, ShopRowCache rows)
{
    /// <summary>
    /// The shop row as of now: a reset private token stops working at once on every node. PostgreSQL
    /// reads the row on every call; SQLite (one machine) keeps it until any commit changes the database.
    /// </summary>
    public async Task<ShopCredential?> FindByPublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var row = rows.Find(publicToken, out var version);
        if (row is null)
        {
            // The context is leased from the pool only on a miss: a cached row needs no database.
            row = await lookup.ByPublicToken(services.GetRequiredService<PlauditDbContext>(), publicToken, cancellationToken);
            if (row is null)
            {
                return null;
            }
            rows.Remember(publicToken, row, version);
        }
        return new ShopCredential(row.Id, tokens.UnprotectCached(row.ProtectedPrivateToken), row.DataVersion);
    }
}
