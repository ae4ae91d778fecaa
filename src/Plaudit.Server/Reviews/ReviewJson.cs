using System.Globalization;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Reviews;

/// <summary>A review on the wire: exactly the fields and types of the spec's review/created payload (3.6).</summary>
public sealed record ReviewJson(
    string Id,
    int Rating,
    string Author,
    string AuthorEmail,
    string AuthorPhone,
    string AuthorCountry,
    string Title,
    string Content,
    string CommentedAt,
    string ItemType,
    string OrderId,
    string VariantId,
    string Source,
    int IsVerified,
    int IsFeatured,
    int IsPublished,
    int IsTop,
    string Tag,
    int MediaType,
    IReadOnlyList<ReviewMediaJson> Media,
    ReviewReplyJson? Reply,
    ReviewProductJson? Product,
    string CreatedAt,
    string UpdatedAt)
{
    public static ReviewJson From(Review review) => new(
        review.Id.ToString(CultureInfo.InvariantCulture),
        review.Rating,
        review.Author,
        review.AuthorEmail,
        review.AuthorPhone,
        review.AuthorCountry,
        review.Title,
        review.Content,
        WireTime.Format(review.CommentedAt),
        review.ItemType,
        review.OrderId,
        review.VariantId,
        review.Source,
        Bit(review.IsVerified),
        Bit(review.IsFeatured),
        Bit(review.IsPublished),
        Bit(review.IsTop),
        review.Tag,
        review.MediaType,
        review.Media.Select(m => new ReviewMediaJson(m.Url, m.ThumbnailUrl, m.Type, Bit(m.IsPublished))).ToList(),
        review.Reply is null ? null : new ReviewReplyJson(review.Reply.Id, review.Reply.Content, WireTime.Format(review.Reply.ReplyAt)),
        review.Product is null ? null : ReviewProductJson.From(review.Product),
        WireTime.Format(review.CreatedAt),
        WireTime.Format(review.UpdatedAt));

    private static int Bit(bool value) => value ? 1 : 0;
}
