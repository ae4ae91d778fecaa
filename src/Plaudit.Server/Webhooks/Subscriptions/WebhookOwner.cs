using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// A subscription's owner as one stable UUID: Truto's <c>environment_id</c>. It is derived from the
/// shop id and, for a platform's webhooks, the platform's client_id, so it never changes and needs
/// no storage: the shop's own webhooks share one, each platform acting for that shop has another.
/// </summary>
public static class WebhookOwner
{
    public static Guid EnvironmentId(long shopId, string? platformClientId)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"plaudit:owner:shop:{shopId}:platform:{platformClientId}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        // RFC 9562: version 8 (custom, name-derived), variant 10.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
