using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Which shops have a subscription that could take a topic, read in the writer's transaction: a
/// storefront event nobody subscribes to needs no outbox row (it would only be read back by the
/// dispatcher and fanned out to no one). Generous on purpose: any active subscription of the shop
/// whose topics match counts, whatever a platform's grant says; the dispatcher decides the rest.
/// A subscription committed after this read sees the events that come after it.
/// </summary>
public static class ListeningShops
{
    public static async Task<HashSet<long>> ForTopicAsync(PlauditDbContext db, IReadOnlyCollection<long> shopIds, string topic, CancellationToken cancellationToken)
    {
        // Plain SQL: it runs once per batch of events, and EF's query pipeline cost more than the read.
        var subscriptions = await RawSql.QueryAsync(db,
            $"SELECT shop_id, topics FROM webhook_subscriptions WHERE is_active AND shop_id IN ({RawSql.IdList(shopIds)})", [],
            r => (ShopId: r.GetInt64(0), Topics: r.GetString(1)), cancellationToken);
        return subscriptions.Where(s => WebhookSubscription.TopicsMatch(s.Topics, topic)).Select(s => s.ShopId).ToHashSet();
    }
}
