using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

/// <summary>The shop behind a public token, with its private token decrypted for signature checks.</summary>
public sealed record ShopCredential(long ShopId, string PrivateToken, long DataVersion);

/// <summary>
/// The lookup that runs on every signed request, compiled once per application (a compiled query is
/// bound to one model, and a process may host several, as the tests do).
/// </summary>
public sealed class ShopLookupQuery
{
    public sealed record Row(long Id, string ProtectedPrivateToken, long DataVersion);

    public Func<PlauditDbContext, string, CancellationToken, Task<Row?>> ByPublicToken { get; } =
        EF.CompileAsyncQuery((PlauditDbContext db, string publicToken, CancellationToken _) =>
            db.Shops.AsNoTracking()
                .Where(s => s.PublicToken == publicToken)
                .Select(s => new Row(s.Id, s.ProtectedPrivateToken, s.DataVersion))
                .FirstOrDefault());
}

public sealed class ShopCredentials(PlauditDbContext db, ShopTokens tokens, ShopLookupQuery lookup)
{
    /// <summary>
    /// Reads the shop row on every call, so a reset private token stops working at once on every node;
    /// only the decryption is cached.
    /// </summary>
    public async Task<ShopCredential?> FindByPublicTokenAsync(string publicToken, CancellationToken cancellationToken)
    {
        var row = await lookup.ByPublicToken(db, publicToken, cancellationToken);
        if (row is null)
        {
            return null;
        }
        return new ShopCredential(row.Id, tokens.UnprotectCached(row.ProtectedPrivateToken), row.DataVersion);
    }
}
