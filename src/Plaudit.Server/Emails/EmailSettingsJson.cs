namespace Plaudit.Server.Emails;

/// <summary>A shop's email settings on the wire (the <c>emails</c> object of get/update_shop_settings).</summary>
public sealed record EmailSettingsJson(
    int Enabled,
    int DaysAfterOrder,
    int ReminderDays,
    string WindowStart,
    string WindowEnd,
    string TimeZone,
    string SenderName,
    string ReplyTo,
    string AccentColor,
    string Subject,
    string HtmlTemplate,
    string TextTemplate)
{
    public static EmailSettingsJson From(EmailSettings s) => new(
        s.Enabled ? 1 : 0, s.DaysAfterOrder, s.ReminderDays, ClockTime.Format(s.WindowStartMinute), ClockTime.Format(s.WindowEndMinute),
        s.TimeZone, s.SenderName, s.ReplyTo, s.AccentColor, s.Subject, s.HtmlTemplate, s.TextTemplate);
}
