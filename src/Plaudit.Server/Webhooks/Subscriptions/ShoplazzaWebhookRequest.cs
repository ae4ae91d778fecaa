using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// A Shoplazza-shaped webhook body: <c>{"address","topic"}</c>, or Shopify's <c>{"webhook": {...}}</c>.
/// Whether the topic and address are acceptable is answered in Shoplazza's words (422), by the handler.
/// </summary>
public sealed record ShoplazzaWebhookRequest(
    [property: MaxLength(SubscriptionRules.MaxUrlLength)] string? Address,
    string? Topic,
    [property: Description("The same fields, wrapped as Shopify sends them.")] ShoplazzaWebhookRequest? Webhook) : IJsonBody<ShoplazzaWebhookRequest>
{
    public static readonly ShoplazzaWebhookRequest Empty = new(null, null, null);

    /// <summary>The fields given, wrapped or not.</summary>
    public ShoplazzaWebhookRequest Fields => Webhook ?? this;
}
