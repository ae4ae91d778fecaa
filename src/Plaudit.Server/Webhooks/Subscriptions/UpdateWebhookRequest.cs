using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>update_shop_webhook</c> body: the webhook, and its new URL or topic.</summary>
public sealed record UpdateWebhookRequest(
    [property: Required, Id] string Id,
    [property: MaxLength(SubscriptionRules.MaxUrlLength)] string? Url,
    [property: MaxLength(64)] string? Topic) : IJsonBody<UpdateWebhookRequest>, IValidatedInput
{
    public FieldProblem? Validate() =>
        Url is not null && string.IsNullOrWhiteSpace(Url) ? new FieldProblem("url", "must not be empty")
        : Topic is null ? null
        : SubscriptionRules.TopicProblem(Topic);
}
