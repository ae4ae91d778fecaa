using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>A review to create: a validated <c>create_review</c> body, or a shopper's storefront submission.</summary>
public sealed record NewReview(
    string? ProductId,
    NewProduct? Product,
    int Rating,
    string Author,
    string AuthorEmail,
    string AuthorPhone,
    string AuthorCountry,
    string Title,
    string Content,
    DateTime? CommentedAt,
    string? ItemType,
    string OrderId,
    string VariantId,
    string Source,
    bool? IsVerified,
    bool IsFeatured,
    bool IsPublished,
    bool IsTop,
    string Tag,
    List<ReviewMedia> Media,
    NewReply? Reply)
{
    /// <summary>
    /// A shopper's submission, not the shop's word: if its email matches an order for its product, that
    /// order's address is asked to confirm it (<c>Emails/ReviewConfirmations</c>), in the review's transaction.
    /// </summary>
    public bool ConfirmByEmail { get; init; }

    /// <summary>The storefront's check of a shopper's media URLs, the same as the API's.</summary>
    public static bool IsHttpUrl(string? value) => HttpUrlAttribute.IsHttpUrl(value);
}
