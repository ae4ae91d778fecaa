using System.Globalization;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>A caller sees and changes only its own subscriptions: the shop's own (HMAC), or one platform's for that shop.</summary>
public static class SubscriptionOwnership
{
    public static IQueryable<WebhookSubscription> OwnedBy(this IQueryable<WebhookSubscription> subscriptions, ApiCaller caller) =>
        subscriptions.Where(s => s.ShopId == caller.ShopId && s.PlatformClientId == caller.PlatformClientId);

    public static IQueryable<WebhookSubscription> OfShape(this IQueryable<WebhookSubscription> subscriptions, ApiCaller caller, string shape) =>
        subscriptions.OwnedBy(caller).Where(s => s.Shape == shape);

    public static long? ParseId(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
