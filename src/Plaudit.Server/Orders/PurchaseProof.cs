namespace Plaudit.Server.Orders;

/// <summary>
/// What <see cref="ReviewVerification"/> concluded about a storefront submission: verified, with
/// the order that proves it (and its row, which the review claims); not verified; or refused,
/// because the proof offered is not valid.
/// </summary>
public sealed record PurchaseProof(bool IsVerified, string OrderId, long? OrderRowId, string? Problem)
{
    public static readonly PurchaseProof None = new(false, "", null, null);

    public static PurchaseProof Refused(string problem) => new(false, "", null, problem);

    public static PurchaseProof Verified(string orderId, long orderRowId) => new(true, orderId, orderRowId, null);
}
