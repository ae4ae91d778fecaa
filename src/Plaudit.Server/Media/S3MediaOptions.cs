namespace Plaudit.Server.Media;

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
