using Plaudit.Server.Storage;

namespace Plaudit.Server.Shops;

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
