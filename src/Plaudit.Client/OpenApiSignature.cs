using System.Security.Cryptography;
using System.Text;

namespace Plaudit.Client;

/// <summary>
/// The Open API request signature (spec section 2): every query parameter plus <c>timestamp</c>,
/// keys sorted ordinally, joined as <c>k=v&amp;k=v</c>; when a body is present, <c>|</c> and the raw
/// body bytes; HMAC-SHA256 keyed by the private token, lowercase hex.
/// </summary>
public static class OpenApiSignature
{
    /// <summary>Builds the parameter part of the string to sign (values already URL-decoded).</summary>
    public static string CanonicalParameters(IEnumerable<KeyValuePair<string, string>> queryParameters, string timestamp)
    {
        var pairs = new List<(KeyValuePair<string, string> Pair, int Position)>();
        var hasTimestamp = false;
        foreach (var pair in queryParameters)
        {
            hasTimestamp |= pair.Key == "timestamp";
            pairs.Add((pair, pairs.Count));
        }
        if (!hasTimestamp)
        {
            pairs.Add((new("timestamp", timestamp), pairs.Count));
        }
        // Keys in ordinal order; repeated keys keep their order in the query string.
        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Pair.Key, b.Pair.Key);
            return byKey != 0 ? byKey : a.Position.CompareTo(b.Position);
        });
        var text = new StringBuilder();
        foreach (var (pair, _) in pairs)
        {
            text.Append(text.Length == 0 ? "" : "&").Append(pair.Key).Append('=').Append(pair.Value);
        }
        return text.ToString();
    }

    /// <summary>The exact bytes that are signed: parameters, then <c>|</c> and the body when it is non-empty.</summary>
    public static byte[] StringToSign(string canonicalParameters, ReadOnlySpan<byte> body)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(canonicalParameters);
        var total = body.IsEmpty ? prefixLength : prefixLength + 1 + body.Length;
        var buffer = new byte[total];
        Encoding.UTF8.GetBytes(canonicalParameters, buffer);
        if (!body.IsEmpty)
        {
            buffer[prefixLength] = (byte)'|';
            body.CopyTo(buffer.AsSpan(prefixLength + 1));
        }
        return buffer;
    }

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="message"/> keyed by <paramref name="secret"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> message)
    {
        Span<byte> hash = stackalloc byte[HmacSha256.HashSize];
        HmacSha256.Compute(Encoding.UTF8.GetBytes(secret), message, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Signs a request: the value of the <c>Sign</c> header.</summary>
    public static string Sign(string privateToken, IEnumerable<KeyValuePair<string, string>> queryParameters, string timestamp, ReadOnlySpan<byte> body) =>
        Compute(privateToken, StringToSign(CanonicalParameters(queryParameters, timestamp), body));

    /// <summary>Constant-time comparison of a received hex signature with the expected one.</summary>
    public static bool Matches(string expectedHex, string? receivedHex)
    {
        if (receivedHex is null)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(expectedHex);
        var received = Encoding.ASCII.GetBytes(receivedHex.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
