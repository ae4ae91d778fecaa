namespace Plaudit.Server.Reviews;

public sealed record UpdateReviewRequest(string Id, int? IsPublished, int? IsFeatured, int? IsTop, string? Tag);
