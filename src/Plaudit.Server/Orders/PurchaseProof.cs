namespace Plaudit.Server.Orders;

/// <summary>
/// What <see cref="ReviewVerification"/> concluded about a storefront submission: verified, with
/// the order that proves it; not verified; or refused, because the proof offered is not valid.
/// </summary>
public sealed record PurchaseProof(bool IsVerified, string OrderId, string? Problem)
{
    public static readonly PurchaseProof None = new(false, "", null);

    public static PurchaseProof Refused(string problem) => new(false, "", problem);

    public static PurchaseProof Verified(string orderId) => new(true, orderId, null);
}
