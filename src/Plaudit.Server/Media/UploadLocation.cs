namespace Plaudit.Server.Media;

/// <summary>
/// Where a URL points, read the way the servers that answer it read it: the scheme and host in any
/// case (and the host without a trailing dot), the port made explicit, and the path percent-decoded,
/// with its <c>.</c>/<c>..</c> segments resolved and empty segments dropped. Browsers, Kestrel,
/// S3 and CDNs each undo some of these spellings, so a check on the URL's text undoes none:
/// <c>HTTPS://HOST:443/media/%66iles/s2/…</c> is the same file as <c>https://host/media/files/s2/…</c>.
/// </summary>
public sealed class UploadLocation
{
    private readonly string _scheme;
    private readonly string _host;
    private readonly int _port;
    private readonly string[] _segments;

    private UploadLocation(Uri uri)
    {
        _scheme = uri.Scheme;
        _host = uri.IdnHost.TrimEnd('.');
        _port = uri.Port;
        // Uri has resolved dot segments (%2e too) and decoded unreserved characters; %2F and the rest
        // are decoded here, and dot segments that appear only then resolved as well: S3 reads %2F as /.
        var segments = new List<string>();
        foreach (var segment in Uri.UnescapeDataString(uri.AbsolutePath).Split('/', '\\'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }
        _segments = [.. segments];
    }

    /// <summary>Null unless <paramref name="url"/> is an absolute http(s) URL.</summary>
    public static UploadLocation? Parse(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? new UploadLocation(uri) : null;

    /// <summary>
    /// The key this URL names under <paramref name="root"/>, or null when it is not under it: the same host,
    /// and the root's path segments first. Scheme and port are left to <see cref="IsSameOrigin"/>: another
    /// port on the uploads' host is more likely the same files than someone else's.
    /// </summary>
    public string? KeyUnder(UploadLocation root)
    {
        if (!string.Equals(_host, root._host, StringComparison.OrdinalIgnoreCase)
            || _segments.Length <= root._segments.Length
            // Routes match literal segments in any case, and where a store would not, reading more URLs as
            // Plaudit's only refuses more.
            || !_segments.AsSpan(0, root._segments.Length).SequenceEqual(root._segments, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return string.Join('/', _segments[root._segments.Length..]);
    }

    /// <summary>Whether this URL has <paramref name="other"/>'s scheme, host and port.</summary>
    public bool IsSameOrigin(UploadLocation other) =>
        _scheme == other._scheme && string.Equals(_host, other._host, StringComparison.OrdinalIgnoreCase) && _port == other._port;
}
