using Plaudit.Server.Shops;

namespace Plaudit.Server.Orders;

/// <summary>
/// An order imported from the shop platform; it drives review requests and "verified purchase".
/// </summary>
public sealed class Order : IShopData
{
    public long Id { get; set; }
    public long ShopId { get; set; }

    /// <summary>The shop platform's order id; unique per shop (imports are idempotent on it).</summary>
    public required string OrderId { get; set; }
    public string OrderNumber { get; set; } = "";
    public string CustomerName { get; set; } = "";
    public string CustomerEmail { get; set; } = "";
    public string CustomerPhone { get; set; } = "";

    /// <summary>Review-request status, numbered as the spec's <c>type</c> filter (1 waiting … 6 cancelled).</summary>
    public int Status { get; set; } = OrderStatus.Waiting;
    public List<OrderLine> Lines { get; set; } = [];

    public DateTime OrderedAt { get; set; }
    /// <summary>When the review request is due (status scheduled); null when none is scheduled.</summary>
    public DateTime? ScheduledAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
