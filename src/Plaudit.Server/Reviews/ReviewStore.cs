using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// Finds and deletes reviews. Every change commits together with its outbox event, or neither commits;
/// new reviews are stored by <see cref="ReviewWriter"/>.
/// </summary>
public sealed class ReviewStore(PlauditDbContext db, OutboxWriter outbox, TimeProvider clock)
{
    public static Task<Review?> FindAsync(PlauditDbContext db, long shopId, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var reviewId))
        {
            return Task.FromResult<Review?>(null);
        }
        return db.Reviews.AsNoTracking().Include(r => r.Product)
            .FirstOrDefaultAsync(r => r.ShopId == shopId && r.Id == reviewId, cancellationToken);
    }

    public async Task<DeletedReviewJson?> DeleteAsync(long shopId, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var reviewId))
        {
            return null;
        }
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.ShopId == shopId && r.Id == reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        var deleted = new DeletedReviewJson(id, WireTime.Format(clock.GetUtcNow().UtcDateTime));
        db.Reviews.Remove(review);
        outbox.Add(shopId, Topics.ReviewDeleted, deleted);
        await db.SaveChangesAsync(cancellationToken);
        return deleted;
    }

    internal static string NewReplyId() => "reply_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
