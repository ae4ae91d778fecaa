using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>What the subscription APIs share: a new subscription for the caller, and the caller's subscriptions of one shape by public id.</summary>
public static class ShapeSubscriptions
{
    /// <summary>A new subscription owned by the caller (the shop, or the platform acting for it).</summary>
    public static WebhookSubscription New(ApiCaller caller, string shape, string topics, string url, DateTime now) => new()
    {
        ShopId = caller.ShopId,
        PlatformClientId = caller.PlatformClientId,
        Shape = shape,
        Topics = topics,
        Url = url,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static IQueryable<WebhookSubscription> OfShape(this IQueryable<WebhookSubscription> subscriptions, ApiCaller caller, string shape) =>
        subscriptions.OwnedBy(caller).Where(s => s.Shape == shape);

    public static async Task<WebhookSubscription?> FindAsync(PlauditDbContext db, ApiCaller caller, string shape, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var publicId)
            ? await db.WebhookSubscriptions.OfShape(caller, shape).FirstOrDefaultAsync(s => s.PublicId == publicId, cancellationToken)
            : null;

    /// <summary>A platform needs the topic's scope (spec: topic → scope table); a shop (HMAC) has them all.</summary>
    public static string? MissingScope(ApiCaller caller, IEnumerable<string> topics) =>
        topics.Select(TopicScopes.RequiredFor).FirstOrDefault(scope => !caller.HasScope(scope));

    /// <summary>Every topic: a platform needs at least one webhook scope; events it lacks the scope for are not delivered.</summary>
    public static bool MayWatchAll(ApiCaller caller) =>
        caller.HasScope(Scopes.WriteReviews) || caller.HasScope(Scopes.ReadCustomerEvents);
}
