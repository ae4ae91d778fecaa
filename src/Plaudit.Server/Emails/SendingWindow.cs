namespace Plaudit.Server.Emails;

/// <summary>
/// A daily window, [start, end) in minutes after local midnight in a time zone, during which a shop's
/// emails go out: people open mail in the morning, not at 3 a.m.
/// </summary>
public sealed record SendingWindow(int StartMinute, int EndMinute, TimeZoneInfo Zone)
{
    /// <summary>The earliest instant at or after <paramref name="earliest"/> that falls inside the window.</summary>
    public DateTime Next(DateTime earliest)
    {
        var utc = DateTime.SpecifyKind(earliest, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        var minute = local.TimeOfDay.TotalMinutes;
        if (minute >= StartMinute && minute < EndMinute)
        {
            return utc;
        }
        var day = minute < StartMinute ? local.Date : local.Date.AddDays(1);
        var opening = day.AddMinutes(StartMinute);
        // A window opening inside a daylight-saving gap (02:30 on the spring-forward night) opens when the clock resumes.
        while (Zone.IsInvalidTime(opening))
        {
            opening = opening.AddMinutes(30);
        }
        var result = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(opening, DateTimeKind.Unspecified), Zone);
        return result < utc ? utc : result;
    }
}
