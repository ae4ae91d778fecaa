using System.ComponentModel.DataAnnotations;

namespace Plaudit.Server.Reviews;

/// <summary>The shop's reply given with <c>create_review</c>.</summary>
public sealed record CreateReplyRequest(
    [property: Required, MaxLength(20_000)] string Content,
    DateTime? ReplyAt);
