namespace Plaudit.Server.Customers;

public static class ExclusionSource
{
    public const string Manual = "manual";
    public const string Unsubscribe = "unsubscribe";
}
