using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>Trustoo's create shape of a review's media: image URLs with their thumbnails, and one video.</summary>
public sealed record GroupedMediaRequest(
    [property: MaxLength(ReviewMediaConverter.MaxMedia)] IReadOnlyList<JsonElement>? Images,
    [property: MaxLength(ReviewMediaConverter.MaxMedia)] IReadOnlyList<JsonElement>? Thumbnails,
    [property: HttpUrl, MaxLength(2048)] string? Video,
    [property: HttpUrl, MaxLength(2048)] string? VideoThumbnail)
{
    public List<ReviewMedia> ToReviewMedia()
    {
        var images = Images ?? [];
        var thumbnails = Thumbnails ?? [];
        var media = new List<ReviewMedia>();
        for (var i = 0; i < images.Count; i++)
        {
            var url = UrlAt("images", i, images[i]);
            media.Add(new ReviewMedia(url, i < thumbnails.Count ? UrlAt("thumbnails", i, thumbnails[i]) : url, ReviewMedia.Image, true));
        }
        if (Video is { Length: > 0 })
        {
            media.Add(new ReviewMedia(Video, VideoThumbnail ?? "", ReviewMedia.Video, true));
        }
        return media;
    }

    private static string UrlAt(string list, int index, JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is var url && HttpUrlAttribute.IsHttpUrl(url)
            ? url!
            : throw new InputProblem("must be an absolute http(s) URL", $"{list}[{index}]");
}
