using System.Net;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// <c>Webhooks:AllowedPrivateTargets</c>: the internal receivers a deployment needs while private
/// networks are otherwise refused. Comma-separated; each entry an address (<c>10.0.0.5</c>), a range
/// (<c>10.20.0.0/16</c>, <c>fd00:1::/64</c>) or a host name (<c>hooks.internal</c>: that name may
/// resolve to private addresses, not its addresses typed directly). It opens private addresses only:
/// forbidden ones (metadata services, link-local, ...) stay refused whatever it lists.
/// </summary>
public sealed class PrivateTargetAllowList
{
    private readonly IPNetwork[] _ranges;
    private readonly HashSet<string> _hosts;

    private PrivateTargetAllowList(IPNetwork[] ranges, HashSet<string> hosts)
    {
        _ranges = ranges;
        _hosts = hosts;
    }

    public static readonly PrivateTargetAllowList Empty = new([], []);

    public bool IsEmpty => _ranges.Length == 0 && _hosts.Count == 0;

    /// <summary>Whether <paramref name="address"/>, reached through <paramref name="host"/> (a name or the address itself), is listed.</summary>
    public bool Allows(string host, IPAddress address)
    {
        var unmapped = TargetAddresses.Unmapped(address);
        return _hosts.Contains(HostName(host)) || _ranges.Any(r => r.Contains(unmapped));
    }

    /// <summary>Parses the setting; <paramref name="problem"/> names the first entry that is neither an address, a range nor a host name.</summary>
    public static bool TryParse(string? setting, out PrivateTargetAllowList list, out string? problem)
    {
        list = Empty;
        problem = null;
        var ranges = new List<IPNetwork>();
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (setting ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPAddress.TryParse(entry.Trim('[', ']'), out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                var unmapped = TargetAddresses.Unmapped(address);
                ranges.Add(new IPNetwork(unmapped, unmapped.GetAddressBytes().Length * 8));
            }
            else if (IPNetwork.TryParse(entry, out var range))
            {
                ranges.Add(range);
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                hosts.Add(HostName(entry));
            }
            else
            {
                problem = $"Webhooks:AllowedPrivateTargets: '{entry}' is not an IP address, a range such as 10.0.0.0/8 (with no bits set past the prefix), or a host name.";
                return false;
            }
        }
        list = new PrivateTargetAllowList([.. ranges], hosts);
        return true;
    }

    // Names compare without case or a trailing dot ("Hooks.Internal." is hooks.internal).
    private static string HostName(string host) => host.TrimEnd('.').ToLowerInvariant();
}
