using System.Text.Json.Serialization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Media;

/// <summary>What <c>get_video_upload_url</c> answers: PUT the file to <c>upload_url</c>; it will be at <c>media_url</c>.</summary>
public sealed record VideoUploadJson(
    string UploadUrl, string Method, string MediaUrl, string Key, string ExpiresAt, long Expire, long MaxBytes,
    IReadOnlyList<string> ContentTypes, [property: JsonConverter(typeof(VerbatimKeysConverter))] IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// What <c>get_image_upload_policy_token</c> answers: POST a multipart form to <c>host</c> with every
/// entry of <c>fields</c> (<c>key</c> may be changed to any name under <c>dir</c>) and the file last,
/// in <c>file_field</c>; the image is then at <c>media_url_prefix</c> + the key's name.
/// </summary>
public sealed record ImageUploadPolicyJson(
    string Host, string Dir, string Key, string Policy, string Signature, long Expire, string ExpiresAt, long MaxBytes,
    IReadOnlyList<string> ContentTypes, string FileField, [property: JsonConverter(typeof(VerbatimKeysConverter))] IReadOnlyDictionary<string, string> Fields,
    string MediaUrl, string MediaUrlPrefix);

/// <summary>Where uploads go: Plaudit itself (<see cref="LocalMediaStore"/>) or an S3-compatible store (<see cref="S3MediaStore"/>).</summary>
public interface IMediaStore
{
    /// <summary>Whether a video's exact size must be known before its upload URL is made (S3 signs it in).</summary>
    bool RequiresFileSize { get; }

    VideoUploadJson CreateVideoUpload(long shopId, VideoUpload video, Uri plauditUrl);

    /// <param name="contentType">One of <see cref="MediaSniffer.ImageTypes"/>: the only type an S3 store will take under this policy.</param>
    ImageUploadPolicyJson CreateImageUpload(long shopId, string contentType, Uri plauditUrl);

    /// <summary>The shop's own uploads: where their public URLs start.</summary>
    Uri ShopMediaPrefix(long shopId, Uri plauditUrl);
}

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

    private static string Extension(string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension is ".mp4" or ".mov" or ".webm" or ".m4v" ? extension : "";
    }
}
