using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Storefront;

/// <summary>A review as shoppers may see it: no email, phone or internal flags; only published media.</summary>
public sealed record StorefrontReviewJson(
    string Id, string? ProductId, int Rating, string Author, string Country, string Title, string Content, string CommentedAt,
    bool IsVerified, bool IsFeatured, bool IsTop, IReadOnlyList<StorefrontMediaJson> Media, StorefrontReplyJson? Reply)
{
    public static StorefrontReviewJson From(Review r) => new(
        WireId.Of(r.Id), r.ProductId, r.Rating, r.Author, r.AuthorCountry, r.Title, r.Content, WireTime.Format(r.CommentedAt),
        r.IsVerified, r.IsFeatured, r.IsTop,
        r.Media.Where(m => m.IsPublished).Select(m => new StorefrontMediaJson(m.Url, m.ThumbnailUrl, m.Type)).ToList(),
        r.Reply is null ? null : new StorefrontReplyJson(r.Reply.Content, WireTime.Format(r.Reply.ReplyAt)));
}
