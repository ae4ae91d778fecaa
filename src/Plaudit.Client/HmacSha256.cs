using System.Buffers;
using System.Security.Cryptography;

namespace Plaudit.Client;

/// <summary>
/// HMAC-SHA256 (RFC 2104) composed from two SHA-256 hashes: the same bytes as
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>. On Linux that one-shot
/// goes through OpenSSL 3's EVP_MAC, which sets up a MAC context and looks its digest up again on
/// every call; with a busy thread pool that measured about 25 µs per signature, against about 2 µs for
/// the two plain hashes here (see bench/results/get_reviews.md). Every request signature and webhook
/// delivery signature is computed once per call, so this is on every hot path.
/// </summary>
public static class HmacSha256
{
    public const int HashSize = 32;
    private const int BlockSize = 64;
    private const int MaxStackMessage = 1024;

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var hash = new byte[HashSize];
        Compute(key, message, hash);
        return hash;
    }

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA256.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        // Inner hash: SHA-256((K ^ ipad) || message).
        var innerLength = BlockSize + message.Length;
        byte[]? rented = innerLength > BlockSize + MaxStackMessage ? ArrayPool<byte>.Shared.Rent(innerLength) : null;
        var inner = rented is null ? stackalloc byte[BlockSize + MaxStackMessage] : rented;
        inner = inner[..innerLength];
        Span<byte> outer = stackalloc byte[BlockSize + HashSize];
        try
        {
            for (var i = 0; i < BlockSize; i++)
            {
                inner[i] = (byte)(block[i] ^ 0x36);
                outer[i] = (byte)(block[i] ^ 0x5c);
            }
            message.CopyTo(inner[BlockSize..]);
            SHA256.HashData(inner, outer[BlockSize..]);
            // Outer hash: SHA-256((K ^ opad) || inner hash).
            SHA256.HashData(outer, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(inner[..BlockSize]);
            CryptographicOperations.ZeroMemory(outer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
