namespace Plaudit.Server.OpenApi;

/// <summary>Ids travel as strings (spec 3.6: <c>"id": "12345"</c>).</summary>
public static class WireId
{
    public static string Of(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
