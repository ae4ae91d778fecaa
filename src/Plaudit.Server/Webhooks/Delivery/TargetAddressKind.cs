namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>What an address a webhook would connect to is, as far as the SSRF guard is concerned.</summary>
public enum TargetAddressKind
{
    /// <summary>On the public internet: always reachable.</summary>
    Public,

    /// <summary>Loopback or a private network: reachable only where the settings allow it.</summary>
    Private,

    /// <summary>Cloud metadata, link-local, multicast, reserved, or a private address wrapped in IPv6: never reachable.</summary>
    Forbidden,
}
