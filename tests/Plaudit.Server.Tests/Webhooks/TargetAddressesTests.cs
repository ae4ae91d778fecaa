using System.Net;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>
/// The guard's table of addresses, case by case: what the connect-time check applies to every
/// resolved address, including names that resolve to forms a URL test cannot reach (NAT64, 6to4, ...).
/// </summary>
public sealed class TargetAddressesTests
{
    [Theory]
    [InlineData("169.254.169.254")]   // AWS, GCP, Azure IMDS, DigitalOcean, Oracle
    [InlineData("169.254.170.2")]     // ECS task metadata
    [InlineData("100.100.100.200")]   // Alibaba Cloud, inside carrier-grade NAT
    [InlineData("168.63.129.16")]     // Azure wire server
    [InlineData("fd00:ec2::254")]     // AWS IMDS over IPv6, inside unique-local
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("192.0.0.170")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("fec0::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("::ffff:169.254.169.254")]  // IPv4-mapped
    [InlineData("::ffff:100.100.100.200")]
    [InlineData("64:ff9b::a9fe:a9fe")]      // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::7f00:1")]         // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a00:1")]          // NAT64 of 10.0.0.1
    [InlineData("2002:a9fe:a9fe::1")]       // 6to4 of 169.254.169.254
    [InlineData("2002:7f00:1::")]           // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::")]         // 6to4 of 192.168.1.1
    [InlineData("::a9fe:a9fe")]             // IPv4-compatible 169.254.169.254
    [InlineData("::127.0.0.1")]             // IPv4-compatible 127.0.0.1
    [InlineData("::10.0.0.1")]
    [InlineData("::ffff:0:a9fe:a9fe")]      // SIIT translated 169.254.169.254
    public void Never_reachable_whatever_the_settings(string address) =>
        Assert.Equal(TargetAddressKind.Forbidden, TargetAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("64:ff9b:1::a00:1")]
    public void Private_reachable_only_where_allowed(string address) =>
        Assert.Equal(TargetAddressKind.Private, TargetAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]   // DNS64 hands these out for IPv4 receivers on IPv6-only networks
    [InlineData("2002:808:808::1")]
    public void Public_always_reachable(string address) =>
        Assert.Equal(TargetAddressKind.Public, TargetAddresses.Classify(IPAddress.Parse(address)));
}
