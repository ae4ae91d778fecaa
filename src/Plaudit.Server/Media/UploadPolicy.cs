namespace Plaudit.Server.Media;

/// <summary>
/// What an upload may be: which shop, which key (exactly, or any key under a prefix), which kind,
/// how large, until when. Sent readable (base64url JSON) with a signature made with the shared
/// Data Protection key ring, so any node checks an upload another node allowed.
/// </summary>
public sealed record UploadPolicy(long ShopId, string Key, bool KeyIsPrefix, MediaKind Kind, long MaxBytes, DateTimeOffset ExpiresAt)
{
    public bool Allows(string key) => KeyIsPrefix ? key.StartsWith(Key, StringComparison.Ordinal) && key.Length > Key.Length : key == Key;
}
