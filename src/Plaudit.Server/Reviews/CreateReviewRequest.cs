namespace Plaudit.Server.Reviews;

// Request bodies as the OpenAPI document shows them; NewReview.Read is what actually validates them.

/// <summary>The <c>create_review</c> body. <c>media</c> may also be Trustoo's <c>{images[], thumbnails[], video, video_thumbnail}</c>.</summary>
public sealed record CreateReviewRequest(
    string? ProductId,
    ReviewProductJson? Product,
    int Rating,
    string Author,
    string? AuthorEmail,
    string? AuthorPhone,
    string? AuthorCountry,
    string? Title,
    string? Content,
    string? CommentedAt,
    string? ItemType,
    string? OrderId,
    string? VariantId,
    string? Source,
    int? IsVerified,
    int? IsFeatured,
    int? IsPublished,
    int? IsTop,
    string? Tag,
    IReadOnlyList<ReviewMediaJson>? Media,
    CreateReplyRequest? Reply);
