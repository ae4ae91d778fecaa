using System.Globalization;

namespace Plaudit.Server.OpenApi;

/// <summary>Times on the wire: written as RFC 3339 UTC to the second, read from several common forms.</summary>
public static class WireTime
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTime? utc) => utc is null ? null : Format(utc.Value);

    public static bool TryParse(string value, out DateTime utc)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds <= 253402300799)
            {
                utc = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
                return true;
            }
            utc = default;
            return false;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utc = parsed.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }
}
