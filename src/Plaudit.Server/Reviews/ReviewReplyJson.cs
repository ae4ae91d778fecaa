namespace Plaudit.Server.Reviews;

public sealed record ReviewReplyJson(string Id, string Content, string ReplyAt);
