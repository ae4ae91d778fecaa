using System.Globalization;
using System.Text.RegularExpressions;

namespace Plaudit.Server.Emails;

/// <summary>A time of day as <c>HH:mm</c> (24:00 allowed as the end of a day), stored as minutes after midnight.</summary>
public static partial class ClockTime
{
    public static string Format(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    public static int? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var minutes = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return minutes <= 24 * 60 ? minutes : null;
    }

    [GeneratedRegex(@"^([01]\d|2[0-4]):([0-5]\d)$")]
    private static partial Regex Pattern();
}
