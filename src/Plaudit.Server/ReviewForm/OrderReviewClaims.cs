using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Storage;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// One verified review per product of an order, however it arrives (the hosted form, or a storefront
/// submission carrying the form's token): the <see cref="OrderReview"/> row is claimed before the
/// review is written, so the database keeps it to one whoever submits twice, or at once.
/// </summary>
public static class OrderReviewClaims
{
    /// <summary>False when this product of the order has a review, or one being written.</summary>
    public static async Task<bool> TryClaimAsync(PlauditDbContext db, long orderRowId, string productId, DateTime now, CancellationToken cancellationToken)
    {
        var claim = new OrderReview { OrderRowId = orderRowId, ProductId = productId, CreatedAt = now };
        db.OrderReviews.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Names the review written for the claim.</summary>
    public static Task CompleteAsync(PlauditDbContext db, long orderRowId, string productId, long reviewId, CancellationToken cancellationToken) =>
        db.OrderReviews.Where(c => c.OrderRowId == orderRowId && c.ProductId == productId && c.ReviewId == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.ReviewId, reviewId), cancellationToken);

    /// <summary>Gives the claim up when its review could not be written, so the buyer can try again.</summary>
    public static Task ReleaseAsync(PlauditDbContext db, long orderRowId, string productId) =>
        db.OrderReviews.Where(c => c.OrderRowId == orderRowId && c.ProductId == productId && c.ReviewId == null)
            .ExecuteDeleteAsync(CancellationToken.None);
}
