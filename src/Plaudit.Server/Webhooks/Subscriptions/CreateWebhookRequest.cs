using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>create_shop_webhook</c> body; the URL's target is judged by the handler, which knows the network rules.</summary>
public sealed record CreateWebhookRequest(
    [property: Required, MaxLength(64)] string Topic,
    [property: Required, MaxLength(SubscriptionRules.MaxUrlLength)] string Url) : IJsonBody<CreateWebhookRequest>, IValidatedInput
{
    public FieldProblem? Validate() => SubscriptionRules.TopicProblem(Topic);
}
