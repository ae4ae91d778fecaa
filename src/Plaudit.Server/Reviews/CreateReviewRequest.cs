using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Reviews;

/// <summary>The <c>create_review</c> body.</summary>
public sealed record CreateReviewRequest(
    [property: Id, Description("The reviewed product; omit (or 0) for a store review.")] string? ProductId,
    ReviewProductRequest? Product,
    [property: Required, Range(1, 5)] int? Rating,
    [property: Required] string Author,
    [property: MaxLength(320)] string? AuthorEmail,
    [property: MaxLength(64)] string? AuthorPhone,
    [property: MaxLength(8)] string? AuthorCountry,
    string? Title,
    [property: MaxLength(20_000)] string? Content,
    DateTime? CommentedAt,
    [property: MaxLength(32)] string? ItemType,
    [property: Id] string? OrderId,
    [property: Id] string? VariantId,
    [property: MaxLength(32)] string? Source,
    bool? IsVerified,
    bool? IsFeatured,
    bool? IsPublished,
    bool? IsTop,
    string? Tag,
    [property: JsonConverter(typeof(ReviewMediaConverter)),
        Description("An array of {url, thumbnail_url, type, is_published} (at most 20), or Trustoo's {images[], thumbnails[], video, video_thumbnail}.")]
    IReadOnlyList<ReviewMedia>? Media,
    CreateReplyRequest? Reply) : IJsonBody<CreateReviewRequest>, IValidatedInput
{
    public FieldProblem? Validate()
    {
        if (Product is { HasValidGtin: false })
        {
            return new FieldProblem("product.gtin", "must be a GTIN (UPC, EAN or ISBN): 7 to 50 digits");
        }
        var email = AuthorEmail?.Trim() ?? "";
        return email.Length > 0 && (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@'))
            ? new FieldProblem("author_email", "must be an email address")
            : null;
    }

    public NewReview ToNewReview()
    {
        var product = Product?.ToNewProduct();
        return new NewReview(
            (ProductId == "0" ? null : ProductId) ?? product?.Id,
            product,
            Rating ?? 0,
            Author,
            AuthorEmail?.Trim() ?? "",
            AuthorPhone ?? "",
            AuthorCountry ?? "",
            Title ?? "",
            Content ?? "",
            CommentedAt,
            ItemType,
            OrderId ?? "",
            VariantId ?? "",
            Source ?? ReviewSources.Api,
            IsVerified,
            IsFeatured ?? false,
            IsPublished ?? true,
            IsTop ?? false,
            Tag ?? "",
            [.. Media ?? []],
            Reply is null ? null : new NewReply(Reply.Content, Reply.ReplyAt));
    }
}
