using Plaudit.Server.Reviews;

namespace Plaudit.Server.Dashboard.Moderation;

/// <summary>What the moderation queue shows of one review: no more columns than it draws.</summary>
public sealed record ReviewQueueRow(
    long Id,
    int Rating,
    string Title,
    string Content,
    string Author,
    string? ProductId,
    string? ProductTitle,
    DateTime CreatedAt,
    bool IsPublished,
    bool IsVerified,
    bool IsFeatured,
    bool IsTop,
    string Tag,
    List<ReviewMedia> Media,
    ReviewReply? Reply);
