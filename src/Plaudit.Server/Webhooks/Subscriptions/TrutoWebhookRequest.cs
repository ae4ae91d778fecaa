using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The body that creates a Truto-shaped webhook.</summary>
public sealed record TrutoWebhookRequest(
    [property: Required, MaxLength(SubscriptionRules.MaxUrlLength)] string TargetUrl,
    [property: TrueOrFalse] bool? IsActive,
    [property: Description("Plaudit topics, with '/' or ':', or Truto's own event types; empty or missing for every topic.")] IReadOnlyList<string>? EventTypes)
    : IJsonBody<TrutoWebhookRequest>, IValidatedInput
{
    public FieldProblem? Validate() => TrutoEventTypes.Problem(EventTypes);
}
