using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// The spec's signature written again, independently of the server's code, so a shared mistake
/// cannot make both sides agree: sort query + timestamp, join, append "|body", HMAC-SHA256, hex.
/// </summary>
public static class SpecSigner
{
    public static string StringToSign(IEnumerable<(string Key, string Value)> query, long timestamp, string body)
    {
        var parts = query.Append(("timestamp", timestamp.ToString(CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .Select(p => $"{p.Item1}={p.Item2}");
        var text = string.Join("&", parts);
        return body.Length > 0 ? text + "|" + body : text;
    }

    public static string Hmac(string key, string message)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(message))).ToLowerInvariant();
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A signed request with full control over every part, for authentication tests.</summary>
    public static HttpRequestMessage Request(
        HttpMethod method,
        string path,
        TestShop shop,
        IReadOnlyList<(string Key, string Value)>? query = null,
        string body = "",
        long? timestamp = null,
        Func<string, string>? tamperSign = null,
        bool signBody = true)
    {
        query ??= [];
        var ts = timestamp ?? Now();
        var sign = Hmac(shop.PrivateToken, StringToSign(query, ts, signBody ? body : ""));
        var queryString = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var request = new HttpRequestMessage(method, queryString.Length == 0 ? path : path + "?" + queryString);
        request.Headers.Add("Public-Token", shop.PublicToken);
        request.Headers.Add("Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Sign", tamperSign is null ? sign : tamperSign(sign));
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return request;
    }
}
