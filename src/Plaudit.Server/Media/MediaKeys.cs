namespace Plaudit.Server.Media;

public static class MediaKeys
{
    public static string VideoKey(long shopId, string? fileName) => $"s{shopId}/videos/{Guid.NewGuid():N}{Extension(fileName)}";

    public static string ImageDir(long shopId) => $"s{shopId}/images/{Guid.NewGuid():N}/";

    public static string ShopPrefix(long shopId) => $"s{shopId}/";

    /// <summary>The video type a file name suggests (MP4 when it suggests none).</summary>
    public static string VideoContentType(string? fileName) => Extension(fileName) switch
    {
        ".mov" => "video/quicktime",
        ".webm" => "video/webm",
        _ => "video/mp4",
    };

    /// <summary>Letters, digits, <c>._-/</c>; no empty, dot-only or hidden segments: never a path outside the media root.</summary>
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= 256
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/')
        && key.Split('/').All(segment => segment.Length > 0 && segment[0] != '.');

    /// <summary>Whether a file name or URL path ends in one of the video extensions Plaudit keeps.</summary>
    public static bool IsVideoPath(string? path) => Extension(path).Length > 0;

    private static string Extension(string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension is ".mp4" or ".mov" or ".webm" or ".m4v" ? extension : "";
    }
}
