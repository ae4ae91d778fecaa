using Microsoft.Extensions.Primitives;
using Plaudit.Server.Media;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.ReviewForm;

/// <summary>A posted review form, checked: every field bounded, the rating 1–5, at most five photos and one video, each one of this shop's uploads.</summary>
public sealed record ReviewFormInput(string ProductId, int? Rating, string Author, string Title, string Content, IReadOnlyList<string> Media, string? Problem)
{
    public const int MaxMedia = 5;
    public const int MaxVideos = 1;

    public static ReviewFormInput Read(IFormCollection form, long shopId, MediaUrlRules mediaRules, Uri plauditUrl)
    {
        var productId = One(form["product"]);
        var rating = int.TryParse(One(form["rating"]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 5 ? r : (int?)null;
        var author = One(form["author"]).Trim();
        var title = One(form["title"]).Trim();
        var content = One(form["content"]).Trim();
        var media = form["media"].Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var problem =
            rating is null ? "Choose a rating from 1 to 5 stars."
            : author.Length is 0 or > 100 ? "Your name is needed (up to 100 characters)."
            : title.Length > 200 ? "The title can be at most 200 characters."
            : content.Length is 0 ? "Write a few words about the product."
            : content.Length > 5000 ? "The review can be at most 5,000 characters."
            : media.Count(m => !IsVideo(m)) > MaxMedia ? $"Attach at most {MaxMedia} photos."
            : media.Count(IsVideo) > MaxVideos ? "Attach at most one video."
            : media.FirstOrDefault(m => !NewReview.IsHttpUrl(m) || mediaRules.Problem(shopId, m, plauditUrl) is not null) is { } bad ? "A photo or video did not upload; remove it and try again."
            : new[] { author, title, content }.Any(HasControl) ? "The review contains characters that cannot be stored."
            : null;
        return new ReviewFormInput(productId, rating, author, title, content, media, problem);
    }

    /// <summary>A video is known by its URL's extension, as storefront submissions are (the upload checked the bytes).</summary>
    public static bool IsVideo(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && MediaKeys.IsVideoPath(uri.AbsolutePath);

    private static string One(StringValues values) => values.Count == 1 ? values[0] ?? "" : "";

    // NUL and the other C0 controls (but tab and line breaks) are never in a review someone typed.
    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
