namespace Plaudit.Server.Reviews;

public sealed class ReviewReply
{
    public required string Id { get; set; }
    public required string Content { get; set; }
    public DateTime ReplyAt { get; set; }
}
