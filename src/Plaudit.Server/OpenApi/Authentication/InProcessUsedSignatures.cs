using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// Used signatures in this process: enough on SQLite, where one node serves the database. Keyed by the
/// first 128 bits of the HMAC (a collision would need 2^64 writes), pruned as it grows.
/// </summary>
public sealed class InProcessUsedSignatures(TimeProvider clock) : IUsedSignatures
{
    private const int PruneEvery = 4096;
    private readonly ConcurrentDictionary<UInt128, long> _expiries = new();
    private int _addsSincePrune;

    public ValueTask<bool> TryUseAsync(HttpContext http, ReadOnlyMemory<byte> signature, DateTimeOffset expiresAt)
    {
        var key = BinaryPrimitives.ReadUInt128LittleEndian(signature.Span);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var expiry = expiresAt.ToUnixTimeSeconds();
        if (Interlocked.Increment(ref _addsSincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _addsSincePrune, 0);
            Prune(now);
        }
        while (true)
        {
            if (_expiries.TryAdd(key, expiry))
            {
                return ValueTask.FromResult(true);
            }
            if (!_expiries.TryGetValue(key, out var existing))
            {
                continue;
            }
            if (existing > now)
            {
                return ValueTask.FromResult(false);
            }
            if (_expiries.TryUpdate(key, expiry, existing))
            {
                return ValueTask.FromResult(true);
            }
        }
    }

    private void Prune(long now)
    {
        foreach (var (key, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                _expiries.TryRemove(new KeyValuePair<UInt128, long>(key, expiry));
            }
        }
    }
}
