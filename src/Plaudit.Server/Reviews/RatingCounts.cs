namespace Plaudit.Server.Reviews;

/// <summary>
/// How many published reviews give each star, for one product or (<see cref="WholeShop"/>) for the
/// whole shop. Kept up to date in the transaction of every review change (see
/// <see cref="RatingCountChanges"/>), so a rating is one row read, whatever the number of reviews.
/// </summary>
public sealed class RatingCounts
{
    /// <summary>The product id of the row that counts every published review of the shop.</summary>
    public const string WholeShop = "";

    public long ShopId { get; set; }
    public string ProductId { get; set; } = WholeShop;
    public int Star1 { get; set; }
    public int Star2 { get; set; }
    public int Star3 { get; set; }
    public int Star4 { get; set; }
    public int Star5 { get; set; }

    /// <summary>
    /// Advances with every change to a published review of the product (or, on the shop's row, of
    /// the shop): what the storefront shows of it. Storefront lists are cached by it, so a pending
    /// review, or a change elsewhere in the shop, leaves a product's cached lists in place.
    /// </summary>
    public long Version { get; set; }
}
