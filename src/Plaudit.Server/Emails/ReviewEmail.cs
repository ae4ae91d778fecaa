namespace Plaudit.Server.Emails;

/// <summary>
/// One review-request email of an order, due at a time: the request, and later perhaps its reminder
/// (one row of each kind per order at most, so an order can never be queued twice). Sent by the node
/// that holds its lease; <see cref="Claims"/> counts leases taken since the last recorded outcome, so
/// a send cut off by a crash is retried at most once more.
/// </summary>
public sealed class ReviewEmail
{
    public long Id { get; set; }
    public long ShopId { get; set; }

    /// <summary>The order's row id (<c>orders.id</c>), not the shop platform's order id.</summary>
    public long OrderRowId { get; set; }

    /// <summary><see cref="ReviewEmailKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary><see cref="ReviewEmailStatus"/>.</summary>
    public string Status { get; set; } = ReviewEmailStatus.Scheduled;
    public DateTime DueAt { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public int Claims { get; set; }

    /// <summary>Failed attempts the SMTP server answered (not crashes); retried on the schedule.</summary>
    public int Attempts { get; set; }
    public string LastError { get; set; } = "";

    public string MessageId { get; set; } = "";
    public DateTime? SentAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
