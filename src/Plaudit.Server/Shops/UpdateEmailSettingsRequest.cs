namespace Plaudit.Server.Shops;

// The request body as the OpenAPI document shows it; EmailSettingsUpdate validates it.

public sealed record UpdateEmailSettingsRequest(
    int? Enabled, int? DaysAfterOrder, int? ReminderDays, string? WindowStart, string? WindowEnd, string? TimeZone,
    string? SenderName, string? ReplyTo, string? AccentColor, string? Subject, string? HtmlTemplate, string? TextTemplate);
