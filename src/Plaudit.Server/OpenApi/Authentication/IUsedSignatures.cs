namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// The memory of signatures that signed an accepted write, kept until their timestamp leaves the
/// tolerance window: a captured write replayed within that window gets code 16.
/// </summary>
public interface IUsedSignatures
{
    /// <summary>Records <paramref name="signature"/> (32 raw bytes); false when it was already used and has not expired.</summary>
    ValueTask<bool> TryUseAsync(HttpContext http, ReadOnlyMemory<byte> signature, DateTimeOffset expiresAt);
}
