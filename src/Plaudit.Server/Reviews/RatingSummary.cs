using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>The rating of a shop's or a product's published reviews: average to 2 decimals, total, and a count per star.</summary>
public static class RatingSummary
{
    /// <summary>One row read (<see cref="RatingCounts"/>); <paramref name="productId"/> null or "0" means the whole shop.</summary>
    public static async Task<RatingJson> ReadAsync(PlauditDbContext db, long shopId, string? productId, CancellationToken cancellationToken)
    {
        var key = productId is null or "0" ? RatingCounts.WholeShop : productId;
        var counts = await db.RatingCounts.AsNoTracking().FirstOrDefaultAsync(r => r.ShopId == shopId && r.ProductId == key, cancellationToken);
        return From(counts ?? new RatingCounts());
    }

    public static RatingJson From(RatingCounts counts)
    {
        var total = counts.Star1 + counts.Star2 + counts.Star3 + counts.Star4 + counts.Star5;
        var sum = counts.Star1 + 2L * counts.Star2 + 3L * counts.Star3 + 4L * counts.Star4 + 5L * counts.Star5;
        var average = total == 0 ? 0m : Math.Round((decimal)sum / total, 2, MidpointRounding.AwayFromZero);
        return new RatingJson(average.ToString("0.##", CultureInfo.InvariantCulture), total, counts.Star1, counts.Star2, counts.Star3, counts.Star4, counts.Star5);
    }
}
