using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>One photo or video of <c>create_review</c>, in the payload's shape.</summary>
public sealed record ReviewMediaItemRequest(
    [property: Required, HttpUrl, MaxLength(2048)] string Url,
    [property: HttpUrl, MaxLength(2048)] string? ThumbnailUrl,
    [property: Range(ReviewMedia.Image, ReviewMedia.Video)] int? Type,
    bool? IsPublished)
{
    public ReviewMedia ToReviewMedia() => new(Url, ThumbnailUrl ?? "", Type ?? ReviewMedia.Image, IsPublished ?? true);
}
