using Microsoft.Extensions.Caching.Memory;

namespace Plaudit.Server.Security;

/// <summary>
/// Decrypted secrets (private tokens, client secrets, webhook secrets), keyed by their ciphertext so
/// a rotated secret's old entry is never asked for again. Its own bounded cache: the shared
/// IMemoryCache belongs to libraries (OpenIddict) that do not size their entries.
/// </summary>
public sealed class DecryptedSecretCache : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public string GetOrAdd(string kind, string ciphertext, Func<string, string> decrypt) =>
        _cache.GetOrCreate((kind, ciphertext), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
            entry.Size = 1;
            return decrypt(ciphertext);
        })!;

    public void Dispose() => _cache.Dispose();
}
