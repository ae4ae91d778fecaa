using System.Net;
using System.Net.Sockets;

namespace Plaudit.Server.Hosting;

/// <summary>
/// Who a rate limit counts a request against: the client address (the shopper's, once a trusted
/// proxy has named it; see <see cref="TrustedProxies"/>). IPv6 clients count per /64, the prefix
/// one subscriber gets: a host can take any address in it, so counting single addresses would give
/// it 2^64 fresh buckets.
/// </summary>
public static class ClientAddress
{
    public static string PartitionKey(HttpContext http) => Normalize(http.Connection.RemoteIpAddress);

    public static string Normalize(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
