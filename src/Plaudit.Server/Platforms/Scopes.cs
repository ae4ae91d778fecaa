namespace Plaudit.Server.Platforms;

/// <summary>The OAuth scopes of the spec's table; a write scope includes its read scope.</summary>
public static class Scopes
{
    public const string ReadReviews = "read_reviews";
    public const string WriteReviews = "write_reviews";
    public const string ReadOrders = "read_orders";
    public const string ReadCustomerEvents = "read_customer_events";
    public const string ReadCustomers = "read_customers";
    public const string WriteCustomers = "write_customers";
    public const string ReadShopInstallStatus = "read_shop_install_status";

    public static readonly IReadOnlyList<string> All =
        [ReadReviews, WriteReviews, ReadOrders, ReadCustomerEvents, ReadCustomers, WriteCustomers, ReadShopInstallStatus];

    private static readonly Dictionary<string, string> Implied = new(StringComparer.Ordinal)
    {
        [ReadReviews] = WriteReviews,
        [ReadCustomers] = WriteCustomers,
    };

    public static bool Satisfies(IReadOnlySet<string> granted, string required) =>
        granted.Contains(required) || (Implied.TryGetValue(required, out var writer) && granted.Contains(writer));
}
