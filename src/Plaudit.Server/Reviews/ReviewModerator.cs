using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Reviews;

/// <summary>
/// Moderation of a shop's reviews, for the API (<c>update_review</c>, <c>reply_review</c>) and the
/// dashboard alike, so both fire the same events: every changed review is saved together with its
/// review/updated event. Every lookup is by the caller's shop, so another shop's id finds nothing.
/// </summary>
public sealed class ReviewModerator(PlauditDbContext db, OutboxWriter outbox, TimeProvider clock)
{
    /// <summary>The most reviews one bulk action changes: a dashboard page's worth and then some.</summary>
    public const int MaxBulk = 200;

    /// <summary>The longest reply, as <c>reply_review</c> accepts it.</summary>
    public const int MaxReplyLength = 5000;

    /// <summary>Changes one review; its event fires even when nothing changed, as <c>update_review</c> always has. Null if the shop has no such review.</summary>
    public async Task<Review?> UpdateAsync(long shopId, long reviewId, ReviewChange change, CancellationToken cancellationToken)
    {
        var review = await FindAsync(shopId, reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        change.ApplyTo(review);
        await SaveAsync(shopId, [review], cancellationToken);
        return review;
    }

    /// <summary>
    /// Changes many reviews in one transaction, with one event per review that actually changed
    /// (publishing a published review tells no one anything). Ids of other shops are ignored.
    /// Returns how many changed.
    /// </summary>
    public async Task<int> UpdateManyAsync(long shopId, IReadOnlyCollection<long> reviewIds, ReviewChange change, CancellationToken cancellationToken)
    {
        if (reviewIds.Count > MaxBulk)
        {
            throw new ArgumentOutOfRangeException(nameof(reviewIds), $"At most {MaxBulk} reviews at once.");
        }
        var reviews = await db.Reviews.Include(r => r.Product)
            .Where(r => r.ShopId == shopId && reviewIds.Contains(r.Id))
            .ToListAsync(cancellationToken);
        var changed = reviews.Where(change.ApplyTo).ToList();
        await SaveAsync(shopId, changed, cancellationToken);
        return changed.Count;
    }

    /// <summary>Sets the shop's reply (empty or blank content removes it). Null if the shop has no such review.</summary>
    public async Task<Review?> ReplyAsync(long shopId, long reviewId, string? content, CancellationToken cancellationToken)
    {
        var review = await FindAsync(shopId, reviewId, cancellationToken);
        if (review is null)
        {
            return null;
        }
        review.Reply = string.IsNullOrWhiteSpace(content)
            ? null
            : new ReviewReply { Id = review.Reply?.Id ?? ReviewStore.NewReplyId(), Content = content.Trim(), ReplyAt = clock.GetUtcNow().UtcDateTime };
        await SaveAsync(shopId, [review], cancellationToken);
        return review;
    }

    private Task<Review?> FindAsync(long shopId, long reviewId, CancellationToken cancellationToken) =>
        db.Reviews.Include(r => r.Product).FirstOrDefaultAsync(r => r.ShopId == shopId && r.Id == reviewId, cancellationToken);

    private async Task SaveAsync(long shopId, List<Review> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var review in changed)
        {
            review.UpdatedAt = now;
            outbox.Add(shopId, Topics.ReviewUpdated, ReviewJson.From(review));
        }
        // One SaveChanges: the reviews, their events and the rating counts commit together or not at all.
        await db.SaveChangesAsync(cancellationToken);
    }
}
