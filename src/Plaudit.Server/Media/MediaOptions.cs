using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Media;

/// <summary>The <c>Media</c> configuration section: where uploads go and what they may be.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";
    public const string Local = "local";
    public const string S3 = "s3";

    /// <summary><c>local</c> (Plaudit stores and serves the files) or <c>s3</c> (an S3-compatible object store).</summary>
    [RegularExpression("(?i)^(local|s3)$", ErrorMessage = "Media:Provider must be 'local' or 's3'.")]
    public string Provider { get; set; } = Local;

    /// <summary>Where the local provider keeps files; relative to the working directory.</summary>
    public string Root { get; set; } = "data/media";

    [Range(1, long.MaxValue, ErrorMessage = "Media:MaxImageBytes must be positive.")]
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;
    [Range(1, long.MaxValue, ErrorMessage = "Media:MaxVideoBytes must be positive.")]
    public long MaxVideoBytes { get; set; } = 200 * 1024 * 1024;

    /// <summary>How long an upload URL or policy stays usable.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether create_review accepts media URLs other than the shop's own uploads (https only).</summary>
    public bool AllowExternalUrls { get; set; } = true;

    public S3MediaOptions S3Store { get; set; } = new();
}
