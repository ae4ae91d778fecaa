using Plaudit.Server.Outbox;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>One delivery about to be written; <see cref="Leased"/> when it goes straight to this node's worker.</summary>
public sealed record NewDelivery(OutboxEvent Event, WebhookSubscription Subscription, string RequestId, bool Leased);
