using Plaudit.Server.Shops;

namespace Plaudit.Server.Customers;

/// <summary>
/// A customer who must not get review-request emails: added by the merchant (<c>create_customer_exclude</c>)
/// or by the customer unsubscribing (<c>email_unsubscribe</c>).
/// </summary>
public sealed class CustomerExclusion : IShopData
{
    public long Id { get; set; }
    public long ShopId { get; set; }

    /// <summary>Lower-cased, trimmed; unique per shop.</summary>
    public required string Email { get; set; }

    /// <summary><c>manual</c> or <c>unsubscribe</c>.</summary>
    public string Source { get; set; } = ExclusionSource.Manual;
    public DateTime CreatedAt { get; set; }
}
