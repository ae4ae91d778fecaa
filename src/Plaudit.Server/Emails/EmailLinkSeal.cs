using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Plaudit.Server.Emails;

/// <summary>
/// An email link token sealed with AES-256-GCM under an <see cref="EmailLinkKey"/>: encrypted (the token
/// carries the customer's address, which a URL must not show) and authenticated, a changed byte fails the
/// tag check. The purpose is authenticated data, so a token opens only for the kind of link it was made
/// for; the expiry is inside the sealed part. Layout: version (1), key id (4), nonce (12), sealed expiry
/// and content, tag (16). Data Protection sealed these before and costs several times more per token
/// (it derives a fresh key for every payload); its tokens start with another byte, so they are told apart.
/// Nonces are random: a key seals well under the 2^32 tokens that allows before it should be rotated.
/// </summary>
public static class EmailLinkSeal
{
    public const byte Version = 1;
    private const int HeaderLength = 1 + 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int ExpiryLength = 8;

    public static bool IsSealed(ReadOnlySpan<byte> token) => token.Length >= HeaderLength + NonceLength + ExpiryLength + TagLength && token[0] == Version;

    public static byte[] Seal(int keyId, byte[] secret, EmailLinkPurpose purpose, DateTimeOffset expires, ReadOnlySpan<byte> content)
    {
        var token = new byte[HeaderLength + NonceLength + ExpiryLength + content.Length + TagLength];
        token[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(token.AsSpan(1), keyId);
        var nonce = token.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var plain = token.AsSpan(HeaderLength + NonceLength, ExpiryLength + content.Length);
        BinaryPrimitives.WriteInt64BigEndian(plain, expires.ToUnixTimeSeconds());
        content.CopyTo(plain[ExpiryLength..]);
        using var aes = new AesGcm(secret, TagLength);
        aes.Encrypt(nonce, plain, plain, token.AsSpan(token.Length - TagLength), AssociatedData(token, purpose));
        return token;
    }

    /// <summary>The content, or null when the key is unknown, a byte was changed, the purpose differs or the token has expired.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> token, Func<int, byte[]?> secretOf, EmailLinkPurpose purpose, DateTimeOffset now)
    {
        if (!IsSealed(token) || secretOf(BinaryPrimitives.ReadInt32BigEndian(token[1..])) is not { } secret)
        {
            return null;
        }
        var plain = new byte[token.Length - HeaderLength - NonceLength - TagLength];
        try
        {
            using var aes = new AesGcm(secret, TagLength);
            aes.Decrypt(token.Slice(HeaderLength, NonceLength), token[(HeaderLength + NonceLength)..^TagLength], token[^TagLength..], plain, AssociatedData(token, purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return BinaryPrimitives.ReadInt64BigEndian(plain) > now.ToUnixTimeSeconds() ? plain[ExpiryLength..] : null;
    }

    /// <summary>The header (version and key id) and the purpose: authenticated, not secret.</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> token, EmailLinkPurpose purpose) =>
        [.. token[..HeaderLength], .. Encoding.ASCII.GetBytes(purpose.ToString())];
}
