namespace Plaudit.Server.Reviews;

/// <summary>The review/deleted payload, also the data of a successful <c>delete_review</c>.</summary>
public sealed record DeletedReviewJson(string Id, string DeletedAt);
