namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>The subscription APIs a webhook can be made through; each fixes its deliveries' format.</summary>
public static class WebhookShape
{
    public const string Trustoo = "trustoo";

    /// <summary>A platform's system webhooks (spec 1.3): one per platform, to its registered webhook_url.</summary>
    public const string System = "system";

    /// <summary><c>/openapi/2022-01/webhooks</c>: one topic, an address, deliveries signed Shopify-style.</summary>
    public const string Shoplazza = "shoplazza";

    /// <summary><c>/webhook</c>: event types (or all), is_active, its own secret, Standard Webhooks headers.</summary>
    public const string Truto = "truto";
}
