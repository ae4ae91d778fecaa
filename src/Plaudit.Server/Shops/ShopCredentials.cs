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

/// <summary>
/// Shop rows by public token, valid while the SQLite database is unchanged (see <see cref="SqliteChangeWatcher"/>).
/// Without a watcher (PostgreSQL, several nodes) it keeps nothing. Unknown tokens are never kept.
/// </summary>
public sealed class ShopRowCache(SqliteChangeWatcher? watcher = null)
{
    private const int MaxEntries = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Version, ShopLookupQuery.Row Row)> _rows = new(StringComparer.Ordinal);

    /// <summary>The cached row if the database has not changed since it was read; <paramref name="version"/> is the version now.</summary>
    public ShopLookupQuery.Row? Find(string publicToken, out long? version)
    {
        version = watcher?.Version();
        return version is { } now && _rows.TryGetValue(publicToken, out var entry) && entry.Version == now ? entry.Row : null;
    }

    /// <summary>Keeps a row read after <paramref name="version"/> was taken: a commit in between only makes it look older.</summary>
    public void Remember(string publicToken, ShopLookupQuery.Row row, long? version)
    {
        if (version is not { } at)
        {
            return;
        }
        if (_rows.Count >= MaxEntries)
        {
            _rows.Clear();
        }
        _rows[publicToken] = (at, row);
    }
}
