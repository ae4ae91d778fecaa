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
        return await EmailLinkOrders.FindAsync(db, link, cancellationToken) is { } order ? PurchaseProof.Verified(order.OrderId, order.Id) : refused;
    }
}
