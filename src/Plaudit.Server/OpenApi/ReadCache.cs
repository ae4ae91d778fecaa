using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Storage;

namespace Plaudit.Server.OpenApi;

/// <summary>Section <c>ReadCache</c>: the in-memory cache of read responses.</summary>
public sealed class ReadCacheOptions
{
    public const string Section = "ReadCache";

    public bool Enabled { get; set; } = true;

    /// <summary>Upper bound on cached response bytes per node.</summary>
    public long SizeLimitBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>
/// Caches the serialized <c>data</c> of read endpoints, keyed by shop, the shop's data version, path
/// and query. Any change to the shop's data advances its version in the same transaction (and the
/// version is read from the database on every request while authenticating), so a cached answer is
/// never served after a change, on any node; superseded entries simply age out.
/// </summary>
public sealed class ReadCache(IOptions<ReadCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimitBytes });

    public bool Enabled => options.Value.Enabled;

    public bool TryGet(string key, out ReadOnlyMemory<byte> data) => _entries.TryGetValue(key, out data);

    public void Set(string key, ReadOnlyMemory<byte> data) =>
        _entries.Set(key, data, new MemoryCacheEntryOptions { Size = data.Length + key.Length, SlidingExpiration = TimeSpan.FromMinutes(5) });

    /// <summary>
    /// Shop, data version, path, then every query value as its own escaped pair, so that neither
    /// <c>rating=1&amp;rating=2</c> and <c>rating=1,2</c> nor an encoded separator inside a value can
    /// share a key. <c>timestamp</c> is left out: it only repeats the signed header.
    /// </summary>
    public static string? KeyFor(HttpContext http)
    {
        var caller = http.Features.Get<ApiCaller>();
        if (caller?.DataVersion is not { } version)
        {
            return null;
        }
        var key = new StringBuilder().Append(caller.ShopId).Append(':').Append(version).Append(':').Append(http.Request.Path.Value).Append('?');
        foreach (var pair in http.Request.Query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            if (pair.Key == "timestamp")
            {
                continue;
            }
            var name = Uri.EscapeDataString(pair.Key);
            foreach (var value in pair.Value)
            {
                key.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }
        return key.ToString();
    }

    public void Dispose() => _entries.Dispose();
}

/// <summary>Serves a read endpoint from <see cref="ReadCache"/>, and fills it from successful answers.</summary>
public sealed class ReadCacheFilter(ReadCache cache) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = cache.Enabled ? ReadCache.KeyFor(context.HttpContext) : null;
        if (key is null)
        {
            return await next(context);
        }
        if (cache.TryGet(key, out var cached))
        {
            return new CachedData(cached);
        }
        var result = await next(context);
        if (result is IApiSuccess { Succeeded: true } success)
        {
            var data = JsonSerializer.SerializeToUtf8Bytes(success.Data, success.DataType, OpenApiJson.Options);
            cache.Set(key, data);
            return new CachedData(data);
        }
        return result;
    }

    private sealed class CachedData(ReadOnlyMemory<byte> data) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ApiEnvelopeWriter.WriteRawDataAsync(httpContext, data);
    }
}

public static class ReadCacheEndpoints
{
    /// <summary>Marks a read endpoint whose answer depends only on the shop's data and the query.</summary>
    public static RouteHandlerBuilder CacheReads(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter<ReadCacheFilter>();

    /// <summary>
    /// The request's database context, for cached read handlers to take when they run: a handler
    /// parameter would be bound (a context leased from the pool) before the cache filter, even on a hit.
    /// </summary>
    public static PlauditDbContext ReadDatabase(this HttpContext http) => http.RequestServices.GetRequiredService<PlauditDbContext>();
}
