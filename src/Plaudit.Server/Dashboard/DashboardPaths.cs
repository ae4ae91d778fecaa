namespace Plaudit.Server.Dashboard;

/// <summary>Where each dashboard page lives: under <c>/merchant</c>, beside the merchant sign-in.</summary>
public static class DashboardPaths
{
    public const string Overview = "/merchant";
    public const string Reviews = "/merchant/reviews";
    public const string Webhooks = "/merchant/webhooks";
    public const string Orders = "/merchant/orders";
    public const string Customers = "/merchant/customers";
    public const string Integrations = "/merchant/integrations";
    public const string Settings = "/merchant/settings";
    public const string Assets = "/merchant/assets";
}
