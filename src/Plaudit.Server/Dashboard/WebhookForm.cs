using System.Globalization;
using Microsoft.Extensions.Primitives;
using Plaudit.Server.Outbox;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// What the webhook pages' forms send, read into what <see cref="WebhookSubscriptions"/> takes, and
/// its refusals as notice codes. The rules are the API's; only the wording is the dashboard's.
/// </summary>
public static class WebhookForm
{
    /// <summary>The shapes a merchant can make a webhook in; system webhooks belong to platforms.</summary>
    public static readonly IReadOnlyList<string> Shapes = [WebhookShape.Trustoo, WebhookShape.Shoplazza, WebhookShape.Truto];

    public static string ShapeName(string shape) => shape switch
    {
        WebhookShape.Trustoo => "Trustoo",
        WebhookShape.Shoplazza => "Shoplazza",
        WebhookShape.Truto => "Truto",
        _ => shape,
    };

    /// <summary>How each shape's deliveries look, in a sentence a merchant's developer can act on.</summary>
    public static string ShapeDescription(string shape) => shape switch
    {
        WebhookShape.Trustoo => "One topic. Body {\"event\", \"shop_id\", \"data\"}, signed in Open-Trustoo-Webhook-Sign; the receiver answers 200 with {\"code\": 0}.",
        WebhookShape.Shoplazza => "One topic, one webhook per topic. Body is the event's data, signed in X-Shoplazza-Hmac-Sha256 (and X-Shopify-Hmac-Sha256); any 2xx answer succeeds.",
        WebhookShape.Truto => "Any topics, or all. Body {\"id\", \"event\", \"payload\", …}, signed with the webhook's own secret in x-truto-signature and Standard Webhooks headers; any 2xx answer succeeds.",
        _ => "",
    };

    public static string TopicsText(WebhookSubscription subscription) =>
        subscription.Topics == WebhookSubscription.AllTopics ? "All topics, including future ones" : string.Join(", ", subscription.TopicList);

    /// <summary>
    /// The checked topics as the shape stores them: Trustoo and Shoplazza webhooks carry exactly one,
    /// as their APIs do; a Truto webhook any number, none meaning every topic. <paramref name="kept"/>
    /// are entries the form does not show (Truto's own event types), carried over on an edit.
    /// </summary>
    public static (string? Topics, string? Problem) ReadTopics(string shape, StringValues checkedTopics, IReadOnlyList<string>? kept = null)
    {
        var topics = checkedTopics.Select(t => t ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (topics.Any(t => !SubscriptionRules.IsTopic(t)))
        {
            return (null, "error-topic");
        }
        if (shape != WebhookShape.Truto)
        {
            return topics.Count == 1 ? (topics[0], null) : (null, "error-one-topic");
        }
        var all = Topics.Subscribable.Where(topics.Contains).Concat(kept ?? []).ToList();
        return (all.Count == 0 ? WebhookSubscription.AllTopics : string.Join(',', all), null);
    }

    /// <summary>The URL as given (trimmed), judged by the same check as every API's.</summary>
    public static (string? Url, string? Problem) ReadUrl(string? value, WebhookSubscriptions subscriptions)
    {
        var url = (value ?? "").Trim();
        return subscriptions.TargetProblem(url) switch
        {
            null => (url, null),
            SubscriptionProblem.PrivateTargetRefused => (null, "error-private"),
            _ => (null, "error-url"),
        };
    }

    public static string ProblemCode(SubscriptionProblem problem) => problem switch
    {
        SubscriptionProblem.Duplicate => "error-duplicate",
        SubscriptionProblem.CapReached => "error-cap",
        SubscriptionProblem.ScopeDenied => "error-scope",
        SubscriptionProblem.PrivateTargetRefused => "error-private",
        _ => "error-url",
    };

    /// <summary>The words for every refusal a create or an edit can meet; <c>{0}</c> is the cap.</summary>
    public static readonly IReadOnlyDictionary<string, string> Problems = new Dictionary<string, string>
    {
        ["error-url"] = $"The URL must be an absolute http:// or https:// address with a host and no user name or password, at most {SubscriptionRules.MaxUrlLength} characters.",
        ["error-private"] = $"That URL {SubscriptionRules.RefusedTarget}.",
        ["error-topic"] = "Choose topics from the list.",
        ["error-one-topic"] = "A Trustoo or Shoplazza webhook carries exactly one topic: check one, or make a Truto webhook for several.",
        ["error-shape"] = "Choose a format: Trustoo, Shoplazza or Truto.",
        ["error-duplicate"] = "A webhook like this exists already: Trustoo webhooks are one per topic and URL, Shoplazza webhooks one per topic.",
        ["error-cap"] = "This shop has as many webhooks as this server allows ({0}); delete one before adding another.",
        ["error-scope"] = "This shop may not subscribe to that topic.",
    };

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The machine-readable form for a <c>time</c> element.</summary>
    public static string IsoTime(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
