namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>Why <see cref="WebhookSubscriptions"/> refused; each shape words it in its own error style.</summary>
public enum SubscriptionProblem
{
    /// <summary>The target is not an absolute http(s) URL with a host.</summary>
    InvalidField,

    /// <summary>The target's host is an address webhooks may not reach (loopback, private, metadata...).</summary>
    PrivateTargetRefused,

    /// <summary>A platform lacks the scope of a topic; the outcome's detail names it (null: any webhook scope).</summary>
    ScopeDenied,

    /// <summary>The shape's rule against twins (Trustoo: topic and URL; Shoplazza: topic).</summary>
    Duplicate,

    /// <summary><c>Webhooks:MaxSubscriptionsPerOwner</c>; the outcome's detail says so in a sentence.</summary>
    CapReached,
}
