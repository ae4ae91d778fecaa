namespace Plaudit.Server.ReviewForm;

/// <summary>
/// The review a buyer wrote for one product of one order through the hosted form. Unique per order
/// and product: the row is claimed before the review is created, so the database keeps it to one
/// review whoever submits twice at once.
/// </summary>
public sealed class OrderReview
{
    public long OrderRowId { get; set; }
    public required string ProductId { get; set; }
    /// <summary>Null for the moment between claiming the product (this row) and creating the review.</summary>
    public long? ReviewId { get; set; }
    public DateTime CreatedAt { get; set; }
}
