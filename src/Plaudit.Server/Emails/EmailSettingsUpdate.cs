using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Emails;

/// <summary>
/// The <c>emails</c> object of <c>update_shop_settings</c>: every field optional, each checked (code 3
/// naming the field); what is absent keeps its value. Templates must parse as Liquid.
/// </summary>
public sealed record EmailSettingsUpdate(
    bool? Enabled, int? DaysAfterOrder, int? ReminderDays, int? WindowStart, int? WindowEnd, string? TimeZone,
    string? SenderName, string? ReplyTo, string? AccentColor, string? Subject, string? HtmlTemplate, string? TextTemplate)
{
    public const int MaxTemplateLength = 100_000;

    public static EmailSettingsUpdate Read(JsonFields emails)
    {
        var windowStart = ReadClock(emails, "window_start");
        var windowEnd = ReadClock(emails, "window_end");
        var timeZone = emails.String("time_zone", maxLength: 64)?.Trim();
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            emails.Reject("time_zone", "must be an IANA time zone such as Europe/Berlin or UTC");
        }
        var replyTo = emails.String("reply_to", maxLength: 254)?.Trim();
        if (replyTo is { Length: > 0 } && !MimeKit.MailboxAddress.TryParse(replyTo, out _))
        {
            emails.Reject("reply_to", "must be an email address");
        }
        var senderName = emails.String("sender_name", maxLength: 100)?.Trim();
        if (senderName is not null && senderName.Any(char.IsControl))
        {
            emails.Reject("sender_name", "must be one line of text");
        }
        var accent = emails.String("accent_color", maxLength: 7)?.Trim();
        if (accent is not null && !ShopColor.IsValid(accent))
        {
            emails.Reject("accent_color", "must be a colour as #rrggbb");
        }
        return new EmailSettingsUpdate(
            emails.Flag("enabled"),
            emails.Int("days_after_order", min: 0, max: EmailSettings.MaxDays),
            emails.Int("reminder_days", min: 0, max: EmailSettings.MaxDays),
            windowStart,
            windowEnd,
            timeZone,
            senderName,
            replyTo,
            accent?.ToLowerInvariant(),
            ReadTemplate(emails, "subject", 1000),
            ReadTemplate(emails, "html_template", MaxTemplateLength),
            ReadTemplate(emails, "text_template", MaxTemplateLength));
    }

    /// <summary>Applies the update; returns a problem (field and reason) when the result is not a usable window.</summary>
    public string? ApplyTo(EmailSettings settings)
    {
        var start = WindowStart ?? settings.WindowStartMinute;
        var end = WindowEnd ?? settings.WindowEndMinute;
        if (end - start < 30)
        {
            return "window_end must be at least 30 minutes after window_start (the window is within one local day)";
        }
        settings.Enabled = Enabled ?? settings.Enabled;
        settings.DaysAfterOrder = DaysAfterOrder ?? settings.DaysAfterOrder;
        settings.ReminderDays = ReminderDays ?? settings.ReminderDays;
        settings.WindowStartMinute = start;
        settings.WindowEndMinute = end;
        settings.TimeZone = TimeZone ?? settings.TimeZone;
        settings.SenderName = SenderName ?? settings.SenderName;
        settings.ReplyTo = ReplyTo ?? settings.ReplyTo;
        settings.AccentColor = AccentColor ?? settings.AccentColor;
        settings.Subject = Subject ?? settings.Subject;
        settings.HtmlTemplate = HtmlTemplate ?? settings.HtmlTemplate;
        settings.TextTemplate = TextTemplate ?? settings.TextTemplate;
        return null;
    }

    /// <summary>Whether the change moves when unsent emails go out (they are rescheduled then).</summary>
    public bool ChangesTiming(EmailSettings before) =>
        (Enabled is { } e && e != before.Enabled)
        || (DaysAfterOrder is { } d && d != before.DaysAfterOrder)
        || (ReminderDays is { } r && r != before.ReminderDays)
        || (WindowStart is { } ws && ws != before.WindowStartMinute)
        || (WindowEnd is { } we && we != before.WindowEndMinute)
        || (TimeZone is { } tz && tz != before.TimeZone);

    private static int? ReadClock(JsonFields fields, string name)
    {
        var text = fields.String(name, maxLength: 5);
        if (text is null)
        {
            return null;
        }
        var minutes = ClockTime.Parse(text.Trim());
        if (minutes is null)
        {
            fields.Reject(name, "must be a time of day as HH:mm (00:00 to 24:00)");
        }
        return minutes;
    }

    private static string? ReadTemplate(JsonFields fields, string name, int maxLength)
    {
        var source = fields.String(name, maxLength: maxLength);
        if (source is { Length: > 0 } && EmailTemplates.ParseProblem(source) is { } problem)
        {
            fields.Reject(name, $"is not a valid Liquid template ({problem})");
        }
        return source;
    }
}
