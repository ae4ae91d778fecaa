namespace Plaudit.Server.Media;

/// <summary>The <c>Media</c> configuration section: where uploads go and what they may be.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";
    public const string Local = "local";
    public const string S3 = "s3";

    /// <summary><c>local</c> (Plaudit stores and serves the files) or <c>s3</c> (an S3-compatible object store).</summary>
    public string Provider { get; set; } = Local;

    /// <summary>Where the local provider keeps files; relative to the working directory.</summary>
    public string Root { get; set; } = "data/media";

    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;
    public long MaxVideoBytes { get; set; } = 200 * 1024 * 1024;

    /// <summary>How long an upload URL or policy stays usable.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether create_review accepts media URLs other than the shop's own uploads (https only).</summary>
    public bool AllowExternalUrls { get; set; } = true;

    public S3MediaOptions S3Store { get; set; } = new();
}

/// <summary><c>Media:S3Store</c>: an S3-compatible object store (AWS S3, MinIO, R2, ...).</summary>
public sealed class S3MediaOptions
{
    /// <summary>The endpoint, e.g. <c>https://s3.eu-west-1.amazonaws.com</c> or <c>http://minio:9000</c>.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which MinIO and most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Where uploaded objects are read from (a CDN, or the bucket's URL); default <c>ServiceUrl/Bucket</c>.</summary>
    public string? PublicUrl { get; set; }
}
