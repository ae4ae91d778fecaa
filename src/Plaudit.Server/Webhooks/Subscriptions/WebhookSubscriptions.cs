using Microsoft.EntityFrameworkCore;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// The one place a caller's subscriptions are found, made, changed and removed, whichever API shape
/// asks: the target check, the scope check, the per-owner cap, each shape's rule against twins,
/// re-enabling. The shapes' endpoints read their wire format, call this, and word its problems their way.
/// </summary>
public sealed class WebhookSubscriptions(
    PlauditDbContext db, SubscriptionCap cap, PrivateNetworkGuard guard, DeliveryTransitions transitions, TimeProvider clock)
{
    /// <summary>
    /// Null when webhooks may go to <paramref name="url"/>. Each shape calls it as it reads the URL,
    /// when a webhook is made or changed, so the refusal comes in that shape's field order; a host
    /// name is judged later, at each connection (<see cref="PrivateNetworkGuard"/>).
    /// </summary>
    public SubscriptionProblem? TargetProblem(string url) =>
        !SubscriptionRules.IsUrl(url) ? SubscriptionProblem.InvalidField
        : guard.RefusesAddressLiteral(new Uri(url)) ? SubscriptionProblem.PrivateTargetRefused
        : null;

    /// <summary>The caller's subscription of one shape by its public id (a UUID), as the Shoplazza and Truto shapes name them.</summary>
    public async Task<WebhookSubscription?> FindAsync(ApiCaller caller, string shape, string publicId, CancellationToken cancellationToken) =>
        Guid.TryParse(publicId, out var key)
            ? await db.WebhookSubscriptions.OfShape(caller, shape).FirstOrDefaultAsync(s => s.PublicId == key, cancellationToken)
            : null;

    /// <summary>The caller's subscription, of any shape, by the numeric id the Trustoo shape shows.</summary>
    public async Task<WebhookSubscription?> FindByIdAsync(ApiCaller caller, string? id, CancellationToken cancellationToken) =>
        SubscriptionOwnership.ParseId(id) is { } key
            ? await db.WebhookSubscriptions.OwnedBy(caller).FirstOrDefaultAsync(s => s.Id == key, cancellationToken)
            : null;

    public async Task<SubscriptionOutcome> CreateAsync(ApiCaller caller, NewSubscription request, CancellationToken cancellationToken)
    {
        if (ScopeProblem(caller, request.Topics) is { } denied)
        {
            return denied;
        }
        await using var adding = await cap.BeginAddingAsync(caller, cancellationToken);
        if (adding is null)
        {
            return SubscriptionOutcome.Refused(SubscriptionProblem.CapReached, cap.Refusal);
        }
        if (await HasTwinAsync(caller, request.Shape, request.Topics, request.Url, changing: null, cancellationToken))
        {
            return SubscriptionOutcome.Refused(SubscriptionProblem.Duplicate);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = new WebhookSubscription
        {
            ShopId = caller.ShopId,
            PlatformClientId = caller.PlatformClientId,
            Shape = request.Shape,
            Topics = request.Topics,
            Url = request.Url,
            IsActive = request.IsActive,
            ProtectedSecret = request.ProtectedSecret,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await adding.CommitAsync(cancellationToken);
        return SubscriptionOutcome.Done(subscription);
    }

    /// <summary>
    /// Changes a subscription found by <see cref="FindAsync"/> or <see cref="FindByIdAsync"/>.
    /// <paramref name="shape"/> is the API asking, whose rule against twins applies: the Trustoo shape
    /// changes webhooks of every shape.
    /// </summary>
    public async Task<SubscriptionOutcome> UpdateAsync(
        ApiCaller caller, string shape, WebhookSubscription subscription, SubscriptionChange change, CancellationToken cancellationToken)
    {
        if (change.Topics is not null && ScopeProblem(caller, change.Topics) is { } denied)
        {
            return denied;
        }
        if (await HasTwinAsync(caller, shape, change.Topics, change.Url, subscription, cancellationToken))
        {
            return SubscriptionOutcome.Refused(SubscriptionProblem.Duplicate);
        }
        subscription.Topics = change.Topics ?? subscription.Topics;
        subscription.Url = change.Url ?? subscription.Url;
        if (change.IsActive is { } active)
        {
            subscription.IsActive = active;
            if (active)
            {
                subscription.DisabledReason = null;
                subscription.FailingSince = null;
            }
        }
        subscription.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return SubscriptionOutcome.Done(subscription);
    }

    /// <summary>Removes the subscription with its deliveries and their attempts.</summary>
    public Task DeleteAsync(WebhookSubscription subscription, CancellationToken cancellationToken) =>
        transitions.RemoveSubscriptionAsync(subscription, cancellationToken);

    /// <summary>
    /// A platform needs each topic's scope (spec: topic → scope table); for every topic, at least one
    /// webhook scope (events it lacks the scope for are not delivered). A shop (HMAC) has them all.
    /// </summary>
    private static SubscriptionOutcome? ScopeProblem(ApiCaller caller, string topics)
    {
        if (topics == WebhookSubscription.AllTopics)
        {
            return caller.HasScope(Scopes.WriteReviews) || caller.HasScope(Scopes.ReadCustomerEvents)
                ? null
                : SubscriptionOutcome.Refused(SubscriptionProblem.ScopeDenied);
        }
        return topics.Split(',').Select(TopicScopes.RequiredFor).FirstOrDefault(scope => !caller.HasScope(scope)) is { } missing
            ? SubscriptionOutcome.Refused(SubscriptionProblem.ScopeDenied, missing)
            : null;
    }

    /// <summary>
    /// Each shape's rule against twins, looked at again only when a field it compares is set: Trustoo's,
    /// no two webhooks of the owner (of any shape) for the same topic and URL; Shoplazza's, one
    /// Shoplazza webhook per topic; Truto's, none.
    /// </summary>
    private async Task<bool> HasTwinAsync(
        ApiCaller caller, string shape, string? topics, string? url, WebhookSubscription? changing, CancellationToken cancellationToken)
    {
        var others = db.WebhookSubscriptions.OwnedBy(caller);
        if (changing is not null)
        {
            var id = changing.Id;
            others = others.Where(s => s.Id != id);
        }
        switch (shape)
        {
            case WebhookShape.Trustoo when topics is not null || url is not null:
                var (topic, target) = (topics ?? changing!.Topics, url ?? changing!.Url);
                return await others.AnyAsync(s => s.Topics == topic && s.Url == target, cancellationToken);
            case WebhookShape.Shoplazza when topics is not null:
                return await others.AnyAsync(s => s.Shape == WebhookShape.Shoplazza && s.Topics == topics, cancellationToken);
            default:
                return false;
        }
    }
}
