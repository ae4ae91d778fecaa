using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Plaudit.Server.Hosting;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Media;

/// <summary>
/// Spec section 4, Media Upload: the two calls that hand out short-lived upload permission
/// (shop-scoped, HMAC or bearer with write_reviews), and, for the local provider, the upload
/// target itself and the stable URLs the files are served from.
/// </summary>
public static class MediaEndpoints
{
    public static RouteGroupBuilder MapMediaUploadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/get_video_upload_url", GetVideoUploadUrl)
            .RequireScope(Scopes.WriteReviews)
            .WithName("GetVideoUploadUrl").WithSummary("A short-lived pre-signed URL to PUT one video to, and the URL it will have");
        api.MapGet("/get_image_upload_policy_token", GetImageUploadPolicyToken)
            .RequireScope(Scopes.WriteReviews)
            .WithName("GetImageUploadPolicyToken").WithSummary("A short-lived policy for a browser form POST of images");
        return api;
    }

    private static ApiResponse<VideoUploadJson> GetVideoUploadUrl(HttpContext http, VideoUploadQuery query, IMediaStore store, IOptions<MediaOptions> options)
    {
        var (fileName, fileSize, contentType) = (query.FileName, query.FileSize, query.ContentType);
        if (fileSize > options.Value.MaxVideoBytes)
        {
            return ApiError.InvalidArgument($"file_size must be an integer between 1 and {options.Value.MaxVideoBytes}.");
        }
        if (fileSize is null && store.RequiresFileSize)
        {
            return ApiError.InvalidArgument($"file_size is required: the video's exact size in bytes (1 to {options.Value.MaxVideoBytes}), which the upload URL is bound to.");
        }
        var video = new VideoUpload(fileName, fileSize, contentType ?? MediaKeys.VideoContentType(fileName));
        return ApiResponse<VideoUploadJson>.Ok(store.CreateVideoUpload(ApiCaller.Of(http).ShopId, video, PublicUrl.Of(http)));
    }

    private static ApiResponse<ImageUploadPolicyJson> GetImageUploadPolicyToken(HttpContext http, ImageUploadQuery query, IMediaStore store) =>
        ApiResponse<ImageUploadPolicyJson>.Ok(store.CreateImageUpload(ApiCaller.Of(http).ShopId, query.ContentType ?? MediaSniffer.ImageTypes[0], PublicUrl.Of(http)));

    /// <summary>The local provider's upload target and file server (not under the Open API: browsers call them directly).</summary>
    public static IEndpointRouteBuilder MapLocalMediaEndpoints(this IEndpointRouteBuilder app)
    {
        var media = app.MapGroup("").WithTags("Media (local provider)");
        media.MapPut(LocalMediaStore.UploadPath + "/{**key}", PutAsync).WithSummary("Upload one file with a pre-signed URL from get_video_upload_url");
        media.MapPost(LocalMediaStore.UploadPath, PostFormAsync).WithSummary("Upload an image with a form and the policy of get_image_upload_policy_token")
            .DisableAntiforgery();
        media.MapGet(LocalMediaStore.FilesPath + "/{**key}", Serve).WithSummary("A stored upload");
        return app;
    }

    private static async Task<IResult> PutAsync(HttpContext http, string key, LocalMediaStore store, UploadPolicySigner signer)
    {
        var check = signer.Verify(http.Request.Query["policy"], http.Request.Query["signature"], out var policy);
        if ((Refusal(check, policy, key) ?? Taken(store, key)) is { } refused)
        {
            return refused;
        }
        if (http.Request.ContentLength > policy!.MaxBytes)
        {
            return UploadError(StatusCodes.Status413PayloadTooLarge, "EntityTooLarge", $"The file is larger than {policy.MaxBytes} bytes.");
        }
        AllowBody(http, policy.MaxBytes + 1);
        return Saved(await SaveAsync(store, key, http.Request.Body, policy, http.RequestAborted), http, key, policy);
    }

    /// <summary>A multipart form, read as a stream: the fields first, then the file (as S3 and OSS require).</summary>
    private static async Task<IResult> PostFormAsync(HttpContext http, LocalMediaStore store, UploadPolicySigner signer, IOptions<MediaOptions> options)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return UploadError(StatusCodes.Status400BadRequest, "InvalidRequest", "Send a multipart/form-data form.");
        }
        AllowBody(http, options.Value.MaxImageBytes + 64 * 1024);
        try
        {
            return await ReadFormAsync(http, boundary, store, signer);
        }
        catch (MalformedFormException)
        {
            return UploadError(StatusCodes.Status400BadRequest, "MalformedPOSTRequest", "The body of the POST request is not well-formed multipart/form-data.");
        }
    }

    private static async Task<IResult> ReadFormAsync(HttpContext http, string boundary, LocalMediaStore store, UploadPolicySigner signer)
    {
        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await FormPartStream.NextSectionAsync(reader, http.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name)
            {
                continue;
            }
            if (!disposition.IsFileDisposition())
            {
                using var field = new StreamReader(new FormPartStream(section.Body));
                var value = await ReadBoundedAsync(field, 16 * 1024);
                if (value is null)
                {
                    return UploadError(StatusCodes.Status400BadRequest, "InvalidRequest", $"The form field {name} is too long.");
                }
                fields[name] = value;
                continue;
            }
            var key = fields.GetValueOrDefault("key") ?? "";
            var check = signer.Verify(fields.GetValueOrDefault("policy"), fields.GetValueOrDefault("signature"), out var policy);
            if ((Refusal(check, policy, key) ?? Taken(store, key)) is { } refused)
            {
                return refused;
            }
            return Saved(await SaveAsync(store, key, new FormPartStream(section.Body), policy!, http.RequestAborted), http, key, policy!);
        }
        return UploadError(StatusCodes.Status400BadRequest, "InvalidRequest", "The form has no file (send key, policy and signature first, then the file).");
    }

    /// <summary>Kestrel's own body limit (set just above the policy's) also means "too large".</summary>
    private static async Task<SavedMedia> SaveAsync(LocalMediaStore store, string key, Stream body, UploadPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            return await store.SaveAsync(key, body, policy, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new SavedMedia(SaveOutcome.TooLarge);
        }
    }

    private static IResult Serve(HttpContext http, string key, LocalMediaStore store)
    {
        if (store.Find(key) is not var (path, info))
        {
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        // Uploads are create-only, so a file never changes: cache it for good.
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"{info.Size:x}-{info.StoredAt.ToUnixTimeMilliseconds():x}\"");
        return Results.File(path, info.ContentType, lastModified: info.StoredAt, entityTag: etag, enableRangeProcessing: true);
    }

    private static IResult? Refusal(PolicyCheck check, UploadPolicy? policy, string key) => check switch
    {
        PolicyCheck.BadSignature => UploadError(StatusCodes.Status403Forbidden, "SignatureDoesNotMatch", "The upload policy or its signature is not valid."),
        PolicyCheck.Expired => UploadError(StatusCodes.Status403Forbidden, "AccessDenied", "The upload permission has expired; ask for a new one."),
        _ when !MediaKeys.IsValid(key) || !policy!.Allows(key) => UploadError(StatusCodes.Status403Forbidden, "AccessDenied", "The key is not allowed by this upload policy."),
        _ => null,
    };

    /// <summary>Refused before the body is read; <see cref="LocalMediaStore.SaveAsync"/> decides a race for the key.</summary>
    private static IResult? Taken(LocalMediaStore store, string key) => store.Blocked(key) switch
    {
        SaveOutcome.Exists => AlreadyExists(),
        SaveOutcome.KeyConflict => KeyConflict(),
        _ => null,
    };

    private static IResult AlreadyExists() =>
        UploadError(StatusCodes.Status403Forbidden, "AccessDenied", "Something was already uploaded at this key, and uploads are never replaced; ask for a new upload URL.");

    /// <summary>Bad input rather than a refused permission: S3 would take the key, this store cannot.</summary>
    private static IResult KeyConflict() =>
        UploadError(StatusCodes.Status400BadRequest, "InvalidRequest",
            "The key cannot be stored beside an existing upload: one would be a folder of the other (as a/b and a/b/c); use another key.");

    private static IResult Saved(SavedMedia saved, HttpContext http, string key, UploadPolicy policy) => saved.Outcome switch
    {
        SaveOutcome.Exists => AlreadyExists(),
        SaveOutcome.KeyConflict => KeyConflict(),
        SaveOutcome.PolicyUsed => UploadError(StatusCodes.Status403Forbidden, "AccessDenied", "This upload permission was already used for an image; ask for a new one for each image."),
        SaveOutcome.TooLarge => UploadError(StatusCodes.Status413PayloadTooLarge, "EntityTooLarge", $"The file is larger than {policy.MaxBytes} bytes."),
        SaveOutcome.UnsupportedType => UploadError(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
            $"The file is not {(policy.Kind == MediaKind.Image ? "a JPEG, PNG, GIF or WebP image" : "an MP4, QuickTime or WebM video")} (checked by its content)."),
        _ => Results.Json(new { url = new Uri(PublicUrl.Of(http), $"{LocalMediaStore.FilesPath.TrimStart('/')}/{key}").ToString(), key, content_type = saved.ContentType, size = saved.Size },
            statusCode: StatusCodes.Status201Created),
    };

    private static IResult UploadError(int status, string code, string message) => Results.Json(new { error = code, message }, statusCode: status);

    private static void AllowBody(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }

    private static async Task<string?> ReadBoundedAsync(StreamReader reader, int maxChars)
    {
        var buffer = new char[maxChars + 1];
        var total = 0;
        int read;
        while (total <= maxChars && (read = await reader.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
        }
        return total > maxChars ? null : new string(buffer, 0, total);
    }
}
