namespace Plaudit.Server.Storefront;

/// <param name="Status"><c>published</c>, or <c>pending</c> when it waits for the merchant's moderation.</param>
public sealed record SubmittedReviewJson(string? Id, string Status);
