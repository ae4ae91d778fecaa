using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Storefront;

/// <summary>
/// One star's page of a product's (or the shop's) published reviews: the histogram's filter, answered
/// for <c>GET /reviews?rating=</c> and its older spelling <c>GET /reviews/by_rating</c>. Cached like the
/// list, by the version of what it shows, so both spellings share entries.
/// </summary>
public static class StorefrontStarList
{
    public static async Task<StorefrontListCache.Entry> GetAsync(
        PlauditDbContext db, PlainConnections connections, StorefrontListCache cache, long shopId, string? productId, int rating, string sort, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        // Every review shown has the same stars, so "highest" and "lowest" order like "newest".
        var oldest = sort == "oldest";
        var version = await StorefrontListReader.ReadVersionAsync(connections, shopId, productId, cancellationToken);
        // Prefixed so that no product id can make it equal to an unfiltered list's key.
        var key = string.Create(CultureInfo.InvariantCulture, $"star-list:{shopId}:{version}:{rating}:{(oldest ? "oldest" : "newest")}:{page}:{pageSize}:{productId}");
        return await cache.GetOrCreateAsync(key, async () => JsonSerializer.SerializeToUtf8Bytes(
            await ReadAsync(db, shopId, productId, rating, oldest, page, pageSize, cancellationToken), OpenApiJson.Options));
    }

    private static async Task<StorefrontReviewListJson> ReadAsync(
        PlauditDbContext db, long shopId, string? productId, int rating, bool oldest, int page, int pageSize, CancellationToken cancellationToken)
    {
        var published = db.Reviews.AsNoTracking().Where(r => r.ShopId == shopId && r.IsPublished && r.Rating == rating);
        if (productId is not null && productId != "0")
        {
            published = published.Where(r => r.ProductId == productId);
        }
        var ordered = oldest
            ? published.OrderByDescending(r => r.IsTop).ThenBy(r => r.CommentedAt).ThenBy(r => r.Id)
            : published.OrderByDescending(r => r.IsTop).ThenByDescending(r => r.CommentedAt).ThenByDescending(r => r.Id);
        var reviews = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var summary = await RatingSummary.ReadAsync(db, shopId, productId, cancellationToken);
        // The histogram already counts this star: the page count is one row read, not a COUNT(*).
        long total = rating switch { 1 => summary.Star1Count, 2 => summary.Star2Count, 3 => summary.Star3Count, 4 => summary.Star4Count, _ => summary.Star5Count };
        return new StorefrontReviewListJson(productId, summary, reviews.Select(StorefrontReviewJson.From).ToList(),
            new StorefrontPageJson(page, pageSize, total, (total + pageSize - 1) / pageSize));
    }
}
