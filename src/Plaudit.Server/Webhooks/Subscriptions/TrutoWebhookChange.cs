using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The body that changes a Truto-shaped webhook: what is absent stays as it is.</summary>
public sealed record TrutoWebhookChange(
    [property: MaxLength(SubscriptionRules.MaxUrlLength)] string? TargetUrl,
    [property: TrueOrFalse] bool? IsActive,
    [property: Description("Plaudit topics, with '/' or ':', or Truto's own event types; empty for every topic.")] IReadOnlyList<string>? EventTypes)
    : IJsonBody<TrutoWebhookChange>, IValidatedInput
{
    public FieldProblem? Validate() => TrutoEventTypes.Problem(EventTypes);
}
