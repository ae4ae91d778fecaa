using Plaudit.Server.Storage;

namespace Plaudit.Server.OpenApi;

public static class ReadCacheEndpoints
{
    /// <summary>
    /// Marks a read endpoint whose answer depends only on the shop's data and the query; the Open API
    /// group's <see cref="ReadCacheFilter"/> serves it from the cache after authentication and before
    /// any input is read.
    /// </summary>
    public static RouteHandlerBuilder CacheReads(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(CachedRead.Instance);

    /// <summary>
    /// The request's database context, for cached read handlers to take when they run: a handler
    /// parameter would be bound (a context leased from the pool) before the cache filter, even on a hit.
    /// </summary>
    public static PlauditDbContext ReadDatabase(this HttpContext http) => http.RequestServices.GetRequiredService<PlauditDbContext>();
}
