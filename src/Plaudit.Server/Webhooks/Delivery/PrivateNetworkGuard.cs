using System.Net;
using System.Net.Sockets;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The SSRF guard: a webhook may not reach loopback, private, link-local, shared or metadata
/// addresses. Checked on the resolved address at connect time (so DNS rebinding can't slip past a
/// check made earlier), and redirects are never followed.
/// </summary>
public static class PrivateNetworkGuard
{
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10                                   // 10/8
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)   // 172.16/12
                || (b[0] == 192 && b[1] == 168)                // 192.168/16
                || (b[0] == 169 && b[1] == 254)                // link-local, incl. 169.254.169.254 metadata
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)  // carrier-grade NAT 100.64/10
                || b[0] == 0                                    // "this network"
                || b[0] >= 224;                                 // multicast and reserved
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc;                       // unique local fc00::/7 (incl. fd00:ec2::254 metadata)
        }
        return true;
    }

    /// <summary>A ConnectCallback for SocketsHttpHandler that refuses forbidden addresses.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(a => !IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException($"{host} resolves only to private, loopback or link-local addresses; delivery refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

public sealed class WebhookTargetRefusedException(string message) : Exception(message);
