using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// A subscription's owner as one stable UUID: Truto's <c>environment_id</c>. It is derived from the
/// shop id and, for a platform's webhooks, the platform's client_id, so it never changes and needs
/// no storage: the shop's own webhooks share one, each platform acting for that shop has another.
/// </summary>
public static class WebhookOwner
{
    // The namespace of Plaudit's owner names (a random UUID, fixed forever).
    private static readonly Guid OwnerNamespace = new("3f0c1e5a-8a41-4a8e-9d0b-6f2f4c9e7b21");

    /// <summary>An RFC 9562 version 5 (name-based) UUID, which every UUID validator accepts.</summary>
    public static Guid EnvironmentId(long shopId, string? platformClientId)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"plaudit:owner:shop:{shopId}:platform:{platformClientId}");
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        OwnerNamespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // Version 5 UUIDs are defined over SHA-1; this names an owner, it protects nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
