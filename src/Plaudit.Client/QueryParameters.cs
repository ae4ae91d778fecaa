namespace Plaudit.Client;

/// <summary>Parses and builds query strings the way the signature expects (decoded values, '+' as space).</summary>
public static class QueryParameters
{
    public static List<KeyValuePair<string, string>> Parse(string? query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(query))
        {
            return pairs;
        }
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }
        return pairs;
    }

    public static string Build(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
