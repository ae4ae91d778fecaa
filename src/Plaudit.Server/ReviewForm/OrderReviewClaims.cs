using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.ReviewForm;

/// <summary>
/// One verified review per product of an order, however it arrives (the hosted form, or a storefront
/// submission carrying the form's token): the <see cref="OrderReview"/> row is claimed before the
/// review is written, so the database keeps it to one whoever submits twice, or at once.
/// </summary>
public static class OrderReviewClaims
{
    /// <summary>
    /// Claims the product, writes its review with <paramref name="write"/>, and names it on the claim; null,
    /// writing nothing, when this product of the order has a review (or one being written). A write that
    /// fails gives the claim back, so the buyer can try again.
    /// </summary>
    public static async Task<Review?> WriteAsync(
        PlauditDbContext db, long orderRowId, string productId, DateTime now, Func<Task<Review>> write, CancellationToken cancellationToken)
    {
        db.OrderReviews.Add(new OrderReview { OrderRowId = orderRowId, ProductId = productId, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
        var unnamed = db.OrderReviews.Where(c => c.OrderRowId == orderRowId && c.ProductId == productId && c.ReviewId == null);
        Review review;
        try
        {
            review = await write();
        }
        catch
        {
            db.ChangeTracker.Clear();
            await unnamed.ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        await unnamed.ExecuteUpdateAsync(c => c.SetProperty(x => x.ReviewId, review.Id), cancellationToken);
        return review;
    }
}
