using Plaudit.Server.Emails;

namespace Plaudit.Server.Tests.Emails;

public sealed class SendingWindowTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-06-10T10:00:00Z", "2026-06-10T10:00:00Z")] // 12:00 in Berlin: inside
    [InlineData("2026-06-10T03:00:00Z", "2026-06-10T07:00:00Z")] // 05:00: waits for 09:00
    [InlineData("2026-06-10T18:30:00Z", "2026-06-11T07:00:00Z")] // 20:30: the next morning
    [InlineData("2026-01-10T19:00:00Z", "2026-01-11T08:00:00Z")] // winter: 20:00, closed; 09:00 CET is 08:00 UTC
    public void A_time_outside_the_window_moves_to_its_next_opening_in_the_shops_zone(string earliest, string expected)
    {
        var window = new SendingWindow(9 * 60, 20 * 60, Berlin);
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            window.Next(DateTime.Parse(earliest, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));
    }

    [Fact]
    public void A_window_opening_in_the_spring_forward_gap_opens_when_the_clock_resumes()
    {
        var window = new SendingWindow(2 * 60 + 30, 20 * 60, Berlin);
        // 2026-03-29 01:00 UTC = 03:00 CEST, after the gap: inside the window already.
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), window.Next(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)));
        // 00:30 UTC = 01:30 CET, before the gap: 02:30 does not exist that night, 03:00 CEST (01:00 UTC) does.
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), window.Next(new DateTime(2026, 3, 29, 0, 30, 0, DateTimeKind.Utc)));
    }
}
