using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Orders;

/// <summary>
/// "Verified purchase": a review whose author email matches an order of the shop for the review's
/// product is marked <c>is_verified</c> and carries that order's id — when the shop creates the
/// review through its API, and when the order arrives later (an import). Never for a storefront
/// submission: its email is the anonymous submitter's claim (see <see cref="ReviewVerification"/>).
/// </summary>
public static class VerifiedPurchases
{
    /// <summary>Marks the shop's unverified reviews that these orders prove, each with a review/updated event; returns how many.</summary>
    public static async Task<int> VerifyReviewsAsync(
        PlauditDbContext db, OutboxWriter outbox, long shopId, IEnumerable<OrderInput> orders, DateTime now, CancellationToken cancellationToken)
    {
        var byEmail = orders.Where(o => o.CustomerEmail.Length > 0 && o.Lines.Count > 0)
            .GroupBy(o => o.CustomerEmail)
            .ToDictionary(g => g.Key, g => g.ToList());
        if (byEmail.Count == 0)
        {
            return 0;
        }
        var emails = byEmail.Keys.ToList();
        var selfDeclared = ReviewSources.SelfDeclared.ToList();
        var reviews = await db.Reviews.Include(r => r.Product)
            .Where(r => r.ShopId == shopId && !r.IsVerified && r.ProductId != null && emails.Contains(r.AuthorEmail.ToLower())
                && !selfDeclared.Contains(r.Source))
            .ToListAsync(cancellationToken);
        var verified = 0;
        foreach (var review in reviews)
        {
            var order = byEmail[review.AuthorEmail.ToLowerInvariant()].FirstOrDefault(o => o.Lines.Any(l => l.ProductId == review.ProductId));
            if (order is null)
            {
                continue;
            }
            review.IsVerified = true;
            review.OrderId = review.OrderId.Length > 0 ? review.OrderId : order.OrderId;
            review.UpdatedAt = now;
            outbox.Add(shopId, Topics.ReviewUpdated, ReviewJson.From(review));
            verified++;
        }
        return verified;
    }
}
