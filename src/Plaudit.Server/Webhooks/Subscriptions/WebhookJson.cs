using System.Globalization;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// A subscription in the Trustoo shape (<c>id</c>, <c>topic</c>, <c>url</c>, times), plus what a
/// merchant needs to see: which API made it, whether it is active, and why it was disabled.
/// </summary>
public sealed record WebhookJson(
    string Id,
    string Topic,
    string Url,
    string CreatedAt,
    string UpdatedAt,
    string Shape,
    int IsActive,
    string? DisabledReason)
{
    public static WebhookJson From(WebhookSubscription s) => new(
        s.Id.ToString(CultureInfo.InvariantCulture),
        s.Topics,
        s.Url,
        WireTime.Format(s.CreatedAt),
        WireTime.Format(s.UpdatedAt),
        s.Shape,
        s.IsActive ? 1 : 0,
        s.DisabledReason);
}

public sealed record TestWebhookJson(string Topic, IReadOnlyList<TestDeliveryJson> Deliveries);

public sealed record TestDeliveryJson(string WebhookId, string DeliveryId, string RequestId);
