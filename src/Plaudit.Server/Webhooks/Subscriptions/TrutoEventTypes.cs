using Plaudit.Server.OpenApi.Input;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>A Truto-shaped webhook's event types, as Plaudit topics.</summary>
public static class TrutoEventTypes
{
    /// <summary>
    /// Event types Truto's document lists. Plaudit has no such events, but a client written from that
    /// document may subscribe to them: the subscription is kept, and they simply never fire.
    /// </summary>
    private static readonly string[] TrutoOwn =
    [
        "sync_job_run:created", "sync_job_run:updated", "sync_job_run:started", "sync_job_run:completed", "sync_job_run:failed",
        "sync_job_run:record", "integrated_account:created", "integrated_account:updated", "integrated_account:active",
        "integrated_account:reactivated", "integrated_account:authentication_error", "integrated_account:post_install_error",
    ];

    /// <summary>The first entry that is neither a Plaudit topic (with <c>/</c> or <c>:</c>) nor one of Truto's own event types.</summary>
    public static FieldProblem? Problem(IReadOnlyList<string>? eventTypes)
    {
        for (var i = 0; i < (eventTypes?.Count ?? 0); i++)
        {
            if (Topic(eventTypes![i]) is null)
            {
                return new FieldProblem($"event_types[{i}]", $"must be one of: {SubscriptionRules.TopicList} (or with ':' for '/')");
            }
        }
        return null;
    }

    /// <summary>The subscription's topics: an empty list means every topic, including later ones.</summary>
    public static string Topics(IReadOnlyList<string> eventTypes)
    {
        var topics = eventTypes.Select(e => Topic(e)!).Distinct(StringComparer.Ordinal).ToList();
        return topics.Count == 0 ? WebhookSubscription.AllTopics : string.Join(',', topics);
    }

    private static string? Topic(string? eventType)
    {
        // JSON lets an array hold null where a name belongs: that is no event type.
        if (eventType is null)
        {
            return null;
        }
        if (TrutoOwn.Contains(eventType, StringComparer.Ordinal))
        {
            return eventType;
        }
        var topic = eventType.Replace(':', '/');
        return SubscriptionRules.IsTopic(topic) ? topic : null;
    }
}
