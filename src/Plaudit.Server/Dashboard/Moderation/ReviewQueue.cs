using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Dashboard.Moderation;

/// <summary>
/// One page of a shop's reviews, newest first, by keyset: a page after review <c>before</c> holds the
/// reviews created before it (id breaking ties), so paging costs the same on the thousandth page as
/// on the first, and a review arriving meanwhile moves nothing.
/// </summary>
public static class ReviewQueue
{
    public const int PageSize = 50;

    public static async Task<ReviewQueuePage> ReadAsync(PlauditDbContext db, long shopId, ReviewQueueFilter filter, long? before, CancellationToken cancellationToken)
    {
        var reviews = filter.Apply(db.Reviews.AsNoTracking().Where(r => r.ShopId == shopId));
        // The cursor is a review of this shop: another shop's id, or a deleted one's, starts from the top.
        var cursor = before is { } id
            ? await db.Reviews.Where(r => r.ShopId == shopId && r.Id == id).Select(r => (DateTime?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (cursor is { } at && before is { } afterId)
        {
            // The first condition alone bounds the index range; the second is the exact keyset test.
            reviews = reviews.Where(r => r.CreatedAt <= at && (r.CreatedAt < at || r.Id < afterId));
        }
        var rows = await reviews
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(PageSize + 1)
            .Select(r => new ReviewQueueRow(
                r.Id, r.Rating, r.Title, r.Content, r.Author, r.ProductId, r.Product == null ? null : r.Product.Title,
                r.CreatedAt, r.IsPublished, r.IsVerified, r.IsFeatured, r.IsTop, r.Tag, r.Media, r.Reply))
            .ToListAsync(cancellationToken);
        var next = rows.Count > PageSize ? rows[PageSize - 1].Id : (long?)null;
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
        }
        return new ReviewQueuePage(rows, cursor is null ? null : before, next);
    }
}
