namespace Plaudit.Server.Reviews;

public sealed record ReplyReviewRequest(string Id, string Content);
