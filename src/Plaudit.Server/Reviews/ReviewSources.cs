namespace Plaudit.Server.Reviews;

/// <summary>A review's <c>source</c>: where it came from. Spec 3.6 names email, storefront, admin, "etc.".</summary>
public static class ReviewSources
{
    /// <summary>The default of <c>create_review</c>, when the caller names none.</summary>
    public const string Api = "api";

    /// <summary>A buyer's review through the link in a review-request email (the hosted form): verified by that link.</summary>
    public const string Email = "email";

    /// <summary>A shopper's own submission through the storefront endpoints.</summary>
    public const string Storefront = "storefront";

    /// <summary>What storefront submissions were stored as before they took the spec's name.</summary>
    public const string LegacyStorefront = "web";

    /// <summary>
    /// Sources whose author email is only the reviewer's claim: an order by that email proves
    /// nothing about them, since anyone may type a buyer's email into a storefront form.
    /// </summary>
    public static readonly string[] SelfDeclared = [Storefront, LegacyStorefront];
}
