using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Media;

/// <summary>The <c>get_image_upload_policy_token</c> query.</summary>
public sealed record ImageUploadQuery(
    [property: AllowedValues(MediaSniffer.Jpeg, MediaSniffer.Png, MediaSniffer.Gif, MediaSniffer.WebP),
        Description("image/jpeg (default), image/png, image/gif or image/webp: the only type an s3 store takes under the policy.")] string? ContentType)
    : IQueryInput<ImageUploadQuery>;
