using System.Net;
using System.Net.Sockets;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Sorts the addresses a webhook could connect to into public, private and forbidden. IPv6 forms
/// that carry an IPv4 address are judged by that address, since the packet ends up there: IPv4-mapped
/// (<c>::ffff:a.b.c.d</c>, as a dual-stack socket reaches IPv4) counts as the IPv4 address itself;
/// the translation and tunnel forms (NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>, the deprecated
/// IPv4-compatible <c>::a.b.c.d</c>) are public when the IPv4 inside is public — an IPv6-only network's
/// DNS64 hands out NAT64 addresses for every IPv4 receiver — and otherwise forbidden: no internal
/// receiver is addressed that way, only an attacker avoiding the checks on the plain address.
/// </summary>
public static class TargetAddresses
{
    // Cloud metadata services outside link-local: Alibaba Cloud (inside carrier-grade NAT), Azure's
    // wire server, and AWS's IPv6 endpoint (inside unique-local).
    private static readonly IPAddress AlibabaMetadata = IPAddress.Parse("100.100.100.200");
    private static readonly IPAddress AzureWireServer = IPAddress.Parse("168.63.129.16");
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private static readonly IPNetwork[] ForbiddenV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network"
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, where most metadata services answer (169.254.169.254)
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay anycast
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/3"),      // multicast, reserved and broadcast
    ];

    private static readonly IPNetwork[] PrivateV4 =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking, used inside networks
    ];

    private static readonly IPNetwork[] ForbiddenV6 =
    [
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
        IPNetwork.Parse("100::/64"),         // discard
        IPNetwork.Parse("2001::/32"),        // Teredo: a tunnel to an IPv4 address
        IPNetwork.Parse("2001:db8::/32"),    // documentation
    ];

    private static readonly IPNetwork[] PrivateV6 =
    [
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64: translates into a network's own addresses
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Ipv4Translated = IPNetwork.Parse("::ffff:0:0:0/96");

    public static TargetAddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return TargetAddressKind.Forbidden;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyV4(address.MapToIPv4());
        }
        if (address.Equals(IPAddress.IPv6Any))
        {
            return TargetAddressKind.Forbidden;
        }
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return TargetAddressKind.Private;
        }
        if (EmbeddedIpv4(address) is { } inside)
        {
            return ClassifyV4(inside) == TargetAddressKind.Public ? TargetAddressKind.Public : TargetAddressKind.Forbidden;
        }
        // A scope id (fe80::1%eth0) names an interface of this machine: link-local anyway, never public.
        var unscoped = address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        if (unscoped.Equals(AwsMetadataV6) || ForbiddenV6.Any(n => n.Contains(unscoped)))
        {
            return TargetAddressKind.Forbidden;
        }
        return PrivateV6.Any(n => n.Contains(unscoped)) ? TargetAddressKind.Private : TargetAddressKind.Public;
    }

    /// <summary>The address with an IPv4-mapped IPv6 form turned into its IPv4 address, for comparing with allow-list entries.</summary>
    public static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static TargetAddressKind ClassifyV4(IPAddress address)
    {
        if (address.Equals(AlibabaMetadata) || address.Equals(AzureWireServer) || ForbiddenV4.Any(n => n.Contains(address)))
        {
            return TargetAddressKind.Forbidden;
        }
        return PrivateV4.Any(n => n.Contains(address)) ? TargetAddressKind.Private : TargetAddressKind.Public;
    }

    /// <summary>The IPv4 address inside a NAT64, SIIT, 6to4 or IPv4-compatible IPv6 address; null for any other.</summary>
    private static IPAddress? EmbeddedIpv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || Ipv4Compatible.Contains(address) || Ipv4Translated.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }
}
