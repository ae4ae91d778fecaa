using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Emails;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Orders;

/// <summary>
/// Decides whether a storefront submission is a verified purchase. The submitter is anonymous, so
/// only a proof the shop itself issued counts: the token of a review link from a review-request email
/// (sent as <c>review_token</c>), which names the shop, the order, its customer and its products.
/// Knowing a buyer's email is not a proof; honouring it would give anyone the badge and tell them what
/// that customer bought. The hosted review form (<c>ReviewForm/</c>) verifies by the same token.
/// (The shop's own API calls and order imports verify through <see cref="VerifiedPurchases"/>: there
/// the email is the shop's word.)
/// </summary>
public sealed class ReviewVerification(PlauditDbContext db, EmailLinks links)
{
    public async ValueTask<PurchaseProof> VerifyAsync(long shopId, string? productId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return PurchaseProof.None;
        }
        // One answer for every failure: a prober learns nothing about which part was wrong.
        var refused = PurchaseProof.Refused("is not a review link this shop issued for this product");
        if (links.Read(token, EmailLinkPurpose.ReviewForm) is not { } link || link.ShopId != shopId || productId is null || !link.ProductIds.Contains(productId))
        {
            return refused;
        }
        // An uninstalled shop's links verify nothing, as its hosted form shows nothing (ReviewFormContext).
        var order = await (from o in db.Orders.AsNoTracking()
                           join s in db.Shops.AsNoTracking() on o.ShopId equals s.Id
                           where o.Id == link.OrderRowId && o.ShopId == shopId && s.UninstalledAt == null
                           select new { o.Id, o.OrderId, o.CustomerEmail, o.Status }).FirstOrDefaultAsync(cancellationToken);
        return order is null || order.Status == OrderStatus.Cancelled || !string.Equals(order.CustomerEmail, link.Email, StringComparison.OrdinalIgnoreCase)
            ? refused
            : PurchaseProof.Verified(order.OrderId, order.Id);
    }
}
