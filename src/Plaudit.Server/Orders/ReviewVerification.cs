namespace Plaudit.Server.Orders;

/// <summary>
/// Decides whether a storefront submission is a verified purchase. The submitter is anonymous, so
/// only a proof the shop itself issued counts: a signed per-order review link's token (sent as
/// <c>review_token</c>). Knowing a buyer's email is not a proof; honouring it would give anyone the
/// badge and tell them what that customer bought. No review links are issued yet, so today a
/// submission without a token is simply unverified and any token is refused; the link feature
/// plugs in here. (The shop's own API calls and order imports verify through
/// <see cref="VerifiedPurchases"/>: there the email is the shop's word.)
/// </summary>
public sealed class ReviewVerification
{
    /// <summary>A review link's token must name this shop's order for this product; none is issued yet.</summary>
    public ValueTask<PurchaseProof> VerifyAsync(long shopId, string? productId, string? token, CancellationToken cancellationToken) =>
        ValueTask.FromResult(string.IsNullOrEmpty(token) ? PurchaseProof.None : PurchaseProof.Refused("is not a review link this shop issued"));
}
