using System.Net;
using System.Net.Sockets;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The SSRF guard. Link-local addresses (where cloud metadata services answer), unspecified,
/// multicast and reserved addresses are never reached. Loopback, private, carrier-grade NAT and
/// unique-local addresses are reached only while <c>Webhooks:AllowPrivateNetworks</c> is on. Checked
/// on the resolved address at connect time (so DNS rebinding can't slip past a check made earlier),
/// and redirects are never followed.
/// </summary>
public static class PrivateNetworkGuard
{
    /// <summary>Addresses no webhook may reach, whatever the settings.</summary>
    private static bool IsNeverAllowed(IPAddress address)
    {
        address = Unmapped(address);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0] == 169 && b[1] == 254)                // link-local, incl. 169.254.169.254 metadata
                || b[0] == 0                                    // "this network"
                || b[0] >= 224;                                 // multicast and reserved
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || address.Equals(AwsMetadataV6);
        }
        return true;
    }

    /// <summary>Loopback and private-network addresses: reached only while private networks are allowed.</summary>
    private static bool IsPrivate(IPAddress address)
    {
        address = Unmapped(address);
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] == 10                                   // 10/8
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)   // 172.16/12
                || (b[0] == 192 && b[1] == 168)                // 192.168/16
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127); // carrier-grade NAT 100.64/10
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 && (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }

    private static bool IsForbidden(IPAddress address, bool allowPrivateNetworks) =>
        IsNeverAllowed(address) || (!allowPrivateNetworks && IsPrivate(address));

    /// <summary>A ConnectCallback for SocketsHttpHandler that refuses forbidden addresses.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => !IsForbidden(a, allowPrivateNetworks)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(allowPrivateNetworks
                ? $"{host} resolves only to link-local, multicast or reserved addresses; delivery refused."
                : $"{host} resolves only to private, loopback or link-local addresses; delivery refused (Webhooks:AllowPrivateNetworks is off).");
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

    // AWS's metadata service on IPv6 sits inside the unique-local range.
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

public sealed class WebhookTargetRefusedException(string message) : Exception(message);
