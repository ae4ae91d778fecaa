using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// What the worker needs, beyond the event and the subscription, to send a delivery the dispatcher
/// hands over: the shop's public token and domain and the encrypted signing secrets.
/// </summary>
public sealed class DeliverySenders
{
    private readonly Dictionary<long, ShopRow> _shops;
    private readonly Dictionary<string, string> _platformSecrets;

    private DeliverySenders(Dictionary<long, ShopRow> shops, Dictionary<string, string> platformSecrets)
    {
        _shops = shops;
        _platformSecrets = platformSecrets;
    }

    /// <summary>For a batch with no subscriptions to send to.</summary>
    public static DeliverySenders None { get; } = new([], []);

    public static async Task<DeliverySenders> LoadAsync(PlauditDbContext db, IReadOnlyCollection<OutboxEvent> events, SubscriptionTargets targets, CancellationToken cancellationToken)
    {
        var shopIds = events.Select(e => e.ShopId).Distinct().ToList();
        var shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id))
            .Select(s => new ShopRow(s.Id, s.PublicToken, s.Domain, s.ProtectedPrivateToken))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var platformIds = targets.Subscriptions.Select(s => s.PlatformClientId).OfType<string>().Distinct().ToList();
        var platformSecrets = platformIds.Count == 0
            ? []
            : await db.Platforms.AsNoTracking().Where(p => platformIds.Contains(p.ClientId))
                .ToDictionaryAsync(p => p.ClientId, p => p.ProtectedClientSecret, cancellationToken);
        return new DeliverySenders(shops, platformSecrets);
    }

    public bool CanSend(OutboxEvent outboxEvent, WebhookSubscription subscription) =>
        _shops.ContainsKey(outboxEvent.ShopId) && (subscription.PlatformClientId is null || _platformSecrets.ContainsKey(subscription.PlatformClientId));

    public ClaimedDelivery ToClaimed(NewDelivery delivery, long id)
    {
        var (e, s) = (delivery.Event, delivery.Subscription);
        var shop = _shops[e.ShopId];
        var platformSecret = s.PlatformClientId is { } platform ? _platformSecrets[platform] : null;
        return new ClaimedDelivery(id, delivery.RequestId, e.Topic, 0, e.ShopId, s.Id, s.Url, s.Shape, s.IsActive,
            e.EventId, e.OccurredAt, e.Payload, shop.PublicToken, shop.Domain, s.PublicId, s.PlatformClientId,
            new SigningKey(s.ProtectedSecret, platformSecret, shop.ProtectedPrivateToken));
    }

    private sealed record ShopRow(long Id, string PublicToken, string? Domain, string ProtectedPrivateToken);
}
