using Microsoft.Extensions.Caching.Memory;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// The overview's review figures (counts, shares, weekly numbers), kept per shop and data version:
/// the shop's data version advances with every change to its reviews, on any node, so a figure
/// shown is never older than the data. Counting a big shop's reviews is the overview's one costly
/// read (tens of milliseconds at 100,000 reviews); a merchant who returns to the page pays it once.
/// </summary>
public sealed class OverviewStatsCache : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<T> GetOrReadAsync<T>(long shopId, long dataVersion, DateTime weekStart, Func<Task<T>> read)
    {
        var key = (shopId, dataVersion, weekStart);
        if (_entries.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }
        var value = await read();
        _entries.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        return value;
    }

    public void Dispose() => _entries.Dispose();
}
