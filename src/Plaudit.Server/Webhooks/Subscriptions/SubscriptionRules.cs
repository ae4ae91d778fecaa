using Plaudit.Server.OpenApi.Input;
using Plaudit.Server.Outbox;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>What every subscription API accepts as a topic and a URL; each shape words its errors its own way.</summary>
public static class SubscriptionRules
{
    public const int MaxUrlLength = 2048;

    public static bool IsTopic(string? topic) => topic is not null && Topics.Subscribable.Contains(topic, StringComparer.Ordinal);

    public static string TopicList => string.Join(", ", Topics.Subscribable);

    /// <summary>The Open API's words for a topic it does not know.</summary>
    public static FieldProblem? TopicProblem(string topic) => IsTopic(topic) ? null : new FieldProblem("topic", $"must be one of: {TopicList}");

    /// <summary>Absolute http(s), at most 2048 characters, with a host.</summary>
    public static bool IsUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>How each shape words a refused target, after the field's name.</summary>
    public const string RefusedTarget =
        "points to an address webhooks may not reach (loopback, a private network, link-local or a cloud metadata service)";
}
