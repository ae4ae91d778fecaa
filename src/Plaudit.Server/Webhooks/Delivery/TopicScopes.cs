using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The spec's topic → scope table: a platform needs this scope to subscribe to a topic, and its grant
/// must still hold it for the platform's webhooks to receive the topic's events.
/// </summary>
public static class TopicScopes
{
    public static string RequiredFor(string topic) =>
        topic == Topics.CustomerEventCreated ? Scopes.ReadCustomerEvents : Scopes.WriteReviews;
}
