namespace Plaudit.Server.Reviews;

public sealed record NewReply(string Content, DateTime? ReplyAt);
