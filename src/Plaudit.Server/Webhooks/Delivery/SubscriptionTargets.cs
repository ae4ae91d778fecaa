using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Which subscriptions an event goes to. A shop event: the shop's active subscriptions of its topic,
/// where a platform's subscription also needs the platform's grant to be active and to hold the
/// topic's scope. A system event: the one platform's system webhook, grant or not (it may announce
/// the end of the grant).
/// </summary>
public sealed class SubscriptionTargets
{
    private readonly List<WebhookSubscription> _subscriptions;

    public IReadOnlyList<WebhookSubscription> Subscriptions => _subscriptions;
    private readonly Dictionary<(long ShopId, string Platform), HashSet<string>> _grantedScopes;

    private SubscriptionTargets(List<WebhookSubscription> subscriptions, Dictionary<(long, string), HashSet<string>> grantedScopes)
    {
        _subscriptions = subscriptions;
        _grantedScopes = grantedScopes;
    }

    public static async Task<SubscriptionTargets> LoadAsync(PlauditDbContext db, IReadOnlyCollection<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var shopIds = events.Where(e => e.PlatformClientId is null).Select(e => (long?)e.ShopId).Distinct().ToList();
        var platforms = events.Where(e => e.PlatformClientId is not null).Select(e => e.PlatformClientId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.IsActive && (shopIds.Contains(s.ShopId) || (s.Shape == WebhookShape.System && platforms.Contains(s.PlatformClientId))))
            .ToListAsync(cancellationToken);

        var grants = new Dictionary<(long, string), HashSet<string>>();
        if (subscriptions.Any(s => s.PlatformClientId is not null && s.Shape != WebhookShape.System))
        {
            var rows = await db.PlatformGrants.AsNoTracking()
                .Where(g => g.RevokedAt == null && shopIds.Contains(g.ShopId))
                .Select(g => new { g.ShopId, g.PlatformClientId, g.Scopes })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                grants[(row.ShopId, row.PlatformClientId)] = row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            }
        }
        return new SubscriptionTargets(subscriptions, grants);
    }

    public IEnumerable<WebhookSubscription> For(OutboxEvent outboxEvent)
    {
        if (outboxEvent.PlatformClientId is { } platform)
        {
            return _subscriptions.Where(s => s.Shape == WebhookShape.System && s.PlatformClientId == platform);
        }
        return _subscriptions.Where(s => s.ShopId == outboxEvent.ShopId && s.Matches(outboxEvent.Topic) && MayReceive(s, outboxEvent));
    }

    private bool MayReceive(WebhookSubscription subscription, OutboxEvent outboxEvent) =>
        subscription.PlatformClientId is null
        || (_grantedScopes.TryGetValue((outboxEvent.ShopId, subscription.PlatformClientId), out var scopes)
            && Scopes.Satisfies(scopes, TopicScopes.RequiredFor(outboxEvent.Topic)));
}
