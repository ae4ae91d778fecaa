using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi.Authentication;

namespace Plaudit.Server.OpenApi;

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
