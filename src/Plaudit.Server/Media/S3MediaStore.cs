using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

/// <summary>
/// Uploads go straight to an S3-compatible store: a pre-signed PUT URL (AWS SDK) for videos, and a
/// Signature V4 browser POST policy for images, bounded in size by the policy. The store cannot look
/// at the bytes, so content types are the uploader's word here; the local provider checks them.
/// </summary>
public sealed class S3MediaStore(IOptions<MediaOptions> options, TimeProvider clock) : IMediaStore, IDisposable
{
    private readonly Lazy<AmazonS3Client> _client = new(() => CreateClient(options.Value.S3Store));

    private S3MediaOptions Settings => options.Value.S3Store;

    public VideoUploadJson CreateVideoUpload(long shopId, string? fileName, Uri plauditUrl)
    {
        var key = MediaKeys.VideoKey(shopId, fileName);
        var expiresAt = clock.GetUtcNow() + options.Value.UploadLifetime;
        var url = _client.Value.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = expiresAt.UtcDateTime,
            Protocol = ServiceUrl.Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new VideoUploadJson(url, "PUT", ObjectUrl(key), key, Format(expiresAt), expiresAt.ToUnixTimeSeconds(),
            options.Value.MaxVideoBytes, MediaSniffer.VideoTypes, new Dictionary<string, string>());
    }

    public ImageUploadPolicyJson CreateImageUpload(long shopId, Uri plauditUrl)
    {
        var dir = MediaKeys.ImageDir(shopId);
        var key = dir + "image";
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.UploadLifetime;
        var date = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var credential = $"{Settings.AccessKey}/{date}/{Settings.Region}/s3/aws4_request";
        var policy = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["expiration"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["conditions"] = new object[]
            {
                new Dictionary<string, string> { ["bucket"] = Bucket },
                new object[] { "starts-with", "$key", dir },
                new object[] { "content-length-range", 1, options.Value.MaxImageBytes },
                new Dictionary<string, string> { ["x-amz-algorithm"] = "AWS4-HMAC-SHA256" },
                new Dictionary<string, string> { ["x-amz-credential"] = credential },
                new Dictionary<string, string> { ["x-amz-date"] = amzDate },
            },
        }));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(policy)));
        var fields = new Dictionary<string, string>
        {
            ["key"] = key,
            ["policy"] = policy,
            ["x-amz-algorithm"] = "AWS4-HMAC-SHA256",
            ["x-amz-credential"] = credential,
            ["x-amz-date"] = amzDate,
            ["x-amz-signature"] = signature,
        };
        return new ImageUploadPolicyJson(BucketUrl, dir, key, policy, signature, expiresAt.ToUnixTimeSeconds(), Format(expiresAt),
            options.Value.MaxImageBytes, MediaSniffer.ImageTypes, "file", fields, ObjectUrl(key), ObjectUrl(dir));
    }

    public Uri ShopMediaPrefix(long shopId, Uri plauditUrl) => new(ObjectUrl(MediaKeys.ShopPrefix(shopId)));

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    /// <summary>Signature V4's key: HMAC chain over date, region, service and "aws4_request".</summary>
    private byte[] SigningKey(string date)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + Settings.SecretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Settings.Region));
        key = HMACSHA256.HashData(key, "s3"u8.ToArray());
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    private string Bucket => Settings.Bucket ?? throw new InvalidOperationException("Media:S3Store:Bucket is not set.");

    private Uri ServiceUrl => new(Settings.ServiceUrl ?? throw new InvalidOperationException("Media:S3Store:ServiceUrl is not set."));

    private string BucketUrl => $"{ServiceUrl.ToString().TrimEnd('/')}/{Bucket}";

    private string ObjectUrl(string key) => $"{(Settings.PublicUrl ?? BucketUrl).TrimEnd('/')}/{key}";

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static AmazonS3Client CreateClient(S3MediaOptions settings) => new(
        new BasicAWSCredentials(settings.AccessKey, settings.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = settings.ServiceUrl,
            ForcePathStyle = settings.ForcePathStyle,
            AuthenticationRegion = settings.Region,
        });
}
