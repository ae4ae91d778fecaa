using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// Writes reviews. Every change commits together with its outbox event, or neither commits.
/// </summary>
public sealed class ReviewStore(PlauditDbContext db, OutboxWriter outbox, ReviewWriter writer, TimeProvider clock)
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

    /// <summary>Stores a new review with its review/created event; see <see cref="ReviewWriter"/> for how writes are grouped.</summary>
    public Task<Review> CreateAsync(long shopId, NewReview input, CancellationToken cancellationToken) =>
        writer.CreateAsync(shopId, input, cancellationToken);

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
