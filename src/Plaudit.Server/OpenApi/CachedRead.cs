namespace Plaudit.Server.OpenApi;

/// <summary>Marks a read endpoint whose answer <see cref="ReadCacheFilter"/> may keep: it depends only on the shop's data and the query.</summary>
public sealed class CachedRead
{
    public static readonly CachedRead Instance = new();
}
