using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.RichResults;

/// <summary>What search engines are shown of one product: the product, its rating, and its latest published reviews.</summary>
public sealed record ProductReviewSummary(Product Product, RatingJson Rating, IReadOnlyList<Review> Latest)
{
    public const int MaxReviews = 20;

    /// <summary>Null when the shop has no such product (a product exists from its first review on).</summary>
    public static async Task<ProductReviewSummary?> ReadAsync(PlauditDbContext db, long shopId, string productId, int reviews, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.ShopId == shopId && p.Id == productId, cancellationToken);
        if (product is null)
        {
            return null;
        }
        var rating = await RatingSummary.ReadAsync(db, shopId, productId, cancellationToken);
        var latest = await db.Reviews.AsNoTracking()
            .Where(r => r.ShopId == shopId && r.IsPublished && r.ProductId == productId)
            .OrderByDescending(r => r.CommentedAt).ThenByDescending(r => r.Id)
            .Take(Math.Clamp(reviews, 0, MaxReviews))
            .ToListAsync(cancellationToken);
        return new ProductReviewSummary(product, rating, latest);
    }
}
