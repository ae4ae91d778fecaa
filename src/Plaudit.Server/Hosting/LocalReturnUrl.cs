using System.Diagnostics.CodeAnalysis;

namespace Plaudit.Server.Hosting;

/// <summary>
/// Where a page may send the browser back to: a path on this site, never another origin. Browsers
/// drop tabs and newlines inside a URL and read <c>\</c> as <c>/</c>, so <c>/%09/evil.example</c>
/// (a tab once decoded) and <c>/\evil.example</c> both become <c>//evil.example</c>; anything a
/// browser might read that way goes to the fallback instead.
/// </summary>
public static class LocalReturnUrl
{
    private const int MaxLength = 4096;

    /// <summary>The candidate when it is local, with any non-ASCII character percent-encoded (a Location header is ASCII); else the fallback.</summary>
    public static string Or(string? candidate, string fallback) => IsLocal(candidate) ? AsciiOnly(candidate) : fallback;

    private static string AsciiOnly(string url)
    {
        if (System.Text.Ascii.IsValid(url))
        {
            return url;
        }
        var ascii = new System.Text.StringBuilder(url.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                ascii.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return ascii.ToString();
    }

    public static bool IsLocal([NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !IsSafePath(url))
        {
            return false;
        }
        // The path decoded again (up to three times) must stay local too: "/%2F/x" or "/%5Cx" read
        // as another host by anything that decodes once more. A query may hold encoded URLs freely.
        var end = url.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? url : url[..end];
        for (var round = 0; round < 3; round++)
        {
            var decoded = Uri.UnescapeDataString(path);
            if (decoded == path)
            {
                return true;
            }
            if (!IsSafePath(decoded))
            {
                return false;
            }
            path = decoded;
        }
        // Still changing after three rounds: no page of ours nests encodings that deep.
        return false;
    }

    /// <summary>One leading <c>/</c>, not two, and no character a browser strips or turns into <c>/</c>.</summary>
    private static bool IsSafePath(string url) =>
        url[0] == '/'
        && (url.Length == 1 || url[1] != '/')
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\');
}
