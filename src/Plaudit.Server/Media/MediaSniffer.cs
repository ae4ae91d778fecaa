namespace Plaudit.Server.Media;

public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 16;

    public const string Jpeg = "image/jpeg", Png = "image/png", Gif = "image/gif", WebP = "image/webp";
    public const string Mp4 = "video/mp4", QuickTime = "video/quicktime", WebM = "video/webm";

    public static readonly IReadOnlyList<string> ImageTypes = [Jpeg, Png, Gif, WebP];
    public static readonly IReadOnlyList<string> VideoTypes = [Mp4, QuickTime, WebM];

    /// <summary>The content type of a file from its first bytes, or null when it is none Plaudit accepts.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..10].SequenceEqual("qt"u8) ? "video/quicktime" : "video/mp4";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }
        return null;
    }

    public static MediaKind? KindOf(string contentType) =>
        ImageTypes.Contains(contentType) ? MediaKind.Image : VideoTypes.Contains(contentType) ? MediaKind.Video : null;
}
