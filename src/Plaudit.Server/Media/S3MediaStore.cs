using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Media;

/// <summary>
/// Uploads go straight to an S3-compatible store, which cannot look at the bytes: so what it may
/// receive is bound in what Plaudit signs. The video's pre-signed PUT signs its exact
/// <c>Content-Length</c>, its <c>Content-Type</c> and <c>If-None-Match: *</c> (the store refuses any
/// other length or type, and, where it supports conditional writes, a second upload to the key); the
/// image form's POST policy fixes one image <c>Content-Type</c> and bounds the size. Both are made by
/// the AWS SDK.
/// </summary>
public sealed class S3MediaStore(IOptions<MediaOptions> options, TimeProvider clock) : IMediaStore, IDisposable
{
    private readonly Lazy<AmazonS3Client> _client = new(() => CreateClient(options.Value.S3Store));

    private S3MediaOptions Settings => options.Value.S3Store;

    /// <summary>A PUT of unknown length could be any size: the length is part of the signature.</summary>
    public bool RequiresFileSize => true;

    public VideoUploadJson CreateVideoUpload(long shopId, VideoUpload video, Uri plauditUrl)
    {
        var size = video.FileSize ?? throw new ArgumentException("An S3 upload URL needs the file's size.", nameof(video));
        var key = MediaKeys.VideoKey(shopId, video.FileName);
        var expiresAt = clock.GetUtcNow() + options.Value.UploadLifetime;
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = video.ContentType,
            ["Content-Length"] = size.ToString(CultureInfo.InvariantCulture),
            // S3 conditional write: the PUT fails (412) if the key already holds an object.
            ["If-None-Match"] = "*",
        };
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = expiresAt.UtcDateTime,
            Protocol = ServiceUrl.Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS,
            ContentType = video.ContentType,
        };
        request.Headers["Content-Length"] = headers["Content-Length"];
        request.Headers["If-None-Match"] = headers["If-None-Match"];
        var url = _client.Value.GetPreSignedURL(request);
        return new VideoUploadJson(url, "PUT", ObjectUrl(key), key, WireTime.Format(expiresAt.UtcDateTime), expiresAt.ToUnixTimeSeconds(),
            size, MediaSniffer.VideoTypes, headers);
    }

    public ImageUploadPolicyJson CreateImageUpload(long shopId, string contentType, Uri plauditUrl)
    {
        var dir = MediaKeys.ImageDir(shopId);
        var key = dir + "image";
        var expiresAt = clock.GetUtcNow() + options.Value.UploadLifetime;
        var post = _client.Value.CreatePresignedPost(new CreatePresignedPostRequest
        {
            BucketName = Bucket,
            Expires = expiresAt.UtcDateTime,
            Conditions =
            [
                S3PostCondition.StartsWith("key", dir),
                S3PostCondition.ContentLengthRange(1, options.Value.MaxImageBytes),
                S3PostCondition.ExactMatch("Content-Type", contentType),
            ],
            Fields = new Dictionary<string, string> { ["Content-Type"] = contentType },
        });
        // The uploader picks the key under dir (the SDK leaves it empty); "policy" in lower case, as stores read it.
        var fields = new Dictionary<string, string> { ["key"] = key };
        foreach (var (name, value) in post.Fields.Where(f => f.Key != "key"))
        {
            fields[name.Equals("policy", StringComparison.OrdinalIgnoreCase) ? "policy" : name] = value;
        }
        return new ImageUploadPolicyJson(post.Url.TrimEnd('/'), dir, key, fields["policy"], fields["x-amz-signature"], expiresAt.ToUnixTimeSeconds(), WireTime.Format(expiresAt.UtcDateTime),
            options.Value.MaxImageBytes, MediaSniffer.ImageTypes, "file", fields, ObjectUrl(key), ObjectUrl(dir));
    }

    public Uri UploadsRoot(Uri plauditUrl) => new(ObjectUrl(""));

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private string Bucket => Settings.Bucket ?? throw new InvalidOperationException("Media:S3Store:Bucket is not set.");

    private Uri ServiceUrl => new(Settings.ServiceUrl ?? throw new InvalidOperationException("Media:S3Store:ServiceUrl is not set."));

    private string BucketUrl => $"{ServiceUrl.ToString().TrimEnd('/')}/{Bucket}";

    private string ObjectUrl(string key) => $"{(Settings.PublicUrl ?? BucketUrl).TrimEnd('/')}/{key}";

    private static AmazonS3Client CreateClient(S3MediaOptions settings) => new(
        new BasicAWSCredentials(settings.AccessKey, settings.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = settings.ServiceUrl,
            ForcePathStyle = settings.ForcePathStyle,
            AuthenticationRegion = settings.Region,
        });
}
