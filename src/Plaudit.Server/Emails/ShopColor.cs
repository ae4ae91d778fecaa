using System.Globalization;
using System.Text.RegularExpressions;

namespace Plaudit.Server.Emails;

/// <summary>A shop's accent colour (#rrggbb), and the text colour that stays readable on it.</summary>
public static partial class ShopColor
{
    public static bool IsValid(string color) => Pattern().IsMatch(color);

    /// <summary>Black or white, whichever contrasts more with <paramref name="background"/> (WCAG relative luminance).</summary>
    public static string TextOn(string background)
    {
        if (!IsValid(background))
        {
            return "#ffffff";
        }
        double Channel(int offset)
        {
            var value = int.Parse(background.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.03928 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
        // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05; they are equal at L ≈ 0.179.
        return luminance > 0.179 ? "#000000" : "#ffffff";
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Pattern();
}
