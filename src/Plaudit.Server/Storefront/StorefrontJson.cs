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

public sealed record StorefrontMediaJson(string Url, string ThumbnailUrl, int Type);

public sealed record StorefrontReplyJson(string Content, string ReplyAt);

public sealed record StorefrontPageJson(int Page, int PageSize, long Total, long TotalPage);

public sealed record StorefrontReviewListJson(string? ProductId, RatingJson Rating, IReadOnlyList<StorefrontReviewJson> Reviews, StorefrontPageJson Page);

/// <param name="Status"><c>published</c>, or <c>pending</c> when it waits for the merchant's moderation.</param>
public sealed record SubmittedReviewJson(string? Id, string Status);

/// <param name="ReviewToken">A signed per-order review link's token, the only way a storefront review becomes a verified purchase.</param>
public sealed record SubmitReviewRequest(string? ProductId, int Rating, string Author, string AuthorEmail, string? Title, string Content, IReadOnlyList<string>? Media, string? ReviewToken);

public sealed record CustomerEventRequest(string EventType, string? ClientId, string? PageUrl, string? DeviceType, string? OsType, object? Properties);

public sealed record RecordedEventJson(string Id);
