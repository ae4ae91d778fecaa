using Plaudit.Server.Platforms;

namespace Plaudit.Server.OAuth;

/// <summary>The consent page's plain words for each scope (spec: OAuth Scopes table).</summary>
public static class ScopeDescriptions
{
    public static string For(string scope) => scope switch
    {
        Scopes.ReadReviews => "See your reviews and ratings",
        Scopes.WriteReviews => "Create and delete reviews, and manage review webhooks (includes seeing reviews)",
        Scopes.ReadOrders => "See your order history",
        Scopes.ReadCustomerEvents => "See how shoppers interact with your reviews",
        Scopes.ReadCustomers => "See your customer exclusion list",
        Scopes.WriteCustomers => "Manage customer exclusions and email unsubscribes (includes seeing them)",
        Scopes.ReadShopInstallStatus => "Check whether Plaudit is installed on your shop",
        _ => scope,
    };

    /// <summary>Scopes arrive space-separated (RFC 6749) or comma-separated (Shopify style); both are accepted.</summary>
    public static List<string> Parse(string? scope) =>
        (scope ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
