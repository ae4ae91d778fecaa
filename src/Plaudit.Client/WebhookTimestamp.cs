using System.Globalization;

namespace Plaudit.Client;

/// <summary>
/// The freshness rule of the verify helpers: a delivery whose timestamp is further than the tolerance
/// from the receiver's clock, either way, is refused, so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookTimestamp
{
    /// <summary>Five minutes, as Standard Webhooks recommends.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static bool IsFresh(string? unixSeconds, TimeSpan? tolerance = null, DateTimeOffset? now = null) =>
        long.TryParse(unixSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && IsFresh(seconds, tolerance, now);

    public static bool IsFresh(long unixSeconds, TimeSpan? tolerance = null, DateTimeOffset? now = null)
    {
        var clock = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return Math.Abs((double)clock - unixSeconds) <= (tolerance ?? DefaultTolerance).TotalSeconds;
    }
}
