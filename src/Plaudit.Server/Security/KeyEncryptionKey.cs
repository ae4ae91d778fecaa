using System.Security.Cryptography;

namespace Plaudit.Server.Security;

/// <summary>
/// A key that encrypts the Data Protection keys at rest, with an id stored beside what it wrapped (a
/// truncated hash: enough to tell keys apart and to name the missing one, nothing to attack).
/// </summary>
public sealed record KeyEncryptionKey(string Id, byte[] Bytes, string Source)
{
    public static KeyEncryptionKey From(byte[] bytes, string source) =>
        new(Convert.ToHexStringLower(SHA256.HashData([.. "plaudit-key-encryption-key:"u8, .. bytes]))[..16], bytes, source);
}
