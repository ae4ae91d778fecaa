namespace Plaudit.Server.Emails;

/// <summary>
/// A shop's review-request settings. A shop without a row has <see cref="Defaults"/>: requests on,
/// seven days after the order, one reminder five days later, sent between 09:00 and 20:00 UTC.
/// </summary>
public sealed class EmailSettings
{
    public const int MaxDays = 365;
    public const string DefaultAccentColor = "#1f6feb";

    public long ShopId { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>The request goes out this many days after the order was placed.</summary>
    public int DaysAfterOrder { get; set; } = 7;

    /// <summary>One reminder this many days after the request when no review came; 0 sends none.</summary>
    public int ReminderDays { get; set; } = 5;

    /// <summary>The daily sending window in <see cref="TimeZone"/>, as minutes after local midnight: [start, end).</summary>
    public int WindowStartMinute { get; set; } = 9 * 60;
    public int WindowEndMinute { get; set; } = 20 * 60;

    /// <summary>An IANA time zone id, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The From display name; empty means the shop's name.</summary>
    public string SenderName { get; set; } = "";

    /// <summary>Where the customer's replies go; empty means no Reply-To header.</summary>
    public string ReplyTo { get; set; } = "";

    /// <summary>The shop's colour (#rrggbb) for the email's button and the review form.</summary>
    public string AccentColor { get; set; } = DefaultAccentColor;

    /// <summary>The merchant's Liquid templates; empty means Plaudit's default.</summary>
    public string Subject { get; set; } = "";
    public string HtmlTemplate { get; set; } = "";
    public string TextTemplate { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public static EmailSettings Defaults(long shopId) => new() { ShopId = shopId };

    public SendingWindow Window => new(WindowStartMinute, WindowEndMinute, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
}
