using System.Globalization;

namespace Plaudit.Server.Webhooks.Signing;

/// <summary>Truto's times: <c>2021-08-10T10:00:00.000Z</c>.</summary>
public static class TrutoTime
{
    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
