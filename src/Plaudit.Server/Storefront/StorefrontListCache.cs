using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Storefront;

/// <summary>
/// Review lists as shoppers' widgets receive them, serialized, with an ETag made from the bytes, so a
/// list's ETag changes only when what it shows changes. Keyed by the shop's data version (advanced in
/// the transaction of every review change, and read on every request), so an answer is never served
/// after a change, on any node. Shares the <c>ReadCache</c> settings: its switch and its size bound.
/// </summary>
public sealed class StorefrontListCache(IOptions<ReadCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimitBytes });

    public sealed record Entry(byte[] Json, string ETag);

    public async Task<Entry> GetOrCreateAsync(string key, Func<Task<byte[]>> create)
    {
        if (options.Value.Enabled && _entries.TryGetValue(key, out Entry? cached) && cached is not null)
        {
            return cached;
        }
        var json = await create();
        var entry = new Entry(json, $"W/\"{Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 12))}\"");
        if (options.Value.Enabled)
        {
            _entries.Set(key, entry, new MemoryCacheEntryOptions { Size = json.Length + key.Length + 64, SlidingExpiration = TimeSpan.FromMinutes(5) });
        }
        return entry;
    }

    public void Dispose() => _entries.Dispose();
}
