using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The subscription made or changed, or why not (with a detail the shapes may quote).</summary>
public sealed record SubscriptionOutcome(WebhookSubscription? Subscription, SubscriptionProblem? Problem, string? Detail)
{
    public static SubscriptionOutcome Done(WebhookSubscription subscription) => new(subscription, null, null);

    public static SubscriptionOutcome Refused(SubscriptionProblem problem, string? detail = null) => new(null, problem, detail);
}
