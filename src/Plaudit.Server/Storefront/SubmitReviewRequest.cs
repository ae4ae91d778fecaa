namespace Plaudit.Server.Storefront;

/// <param name="ReviewToken">A signed per-order review link's token, the only way a storefront review becomes a verified purchase.</param>
public sealed record SubmitReviewRequest(string? ProductId, int Rating, string Author, string AuthorEmail, string? Title, string Content, IReadOnlyList<string>? Media, string? ReviewToken);
