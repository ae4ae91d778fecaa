namespace Plaudit.Server.Reviews;

// Request bodies as the OpenAPI document shows them; NewReview.Read is what actually validates them.

public sealed record CreateReplyRequest(string Content, string? ReplyAt);
