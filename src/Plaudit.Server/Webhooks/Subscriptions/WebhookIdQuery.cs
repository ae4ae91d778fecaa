using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary><c>delete_shop_webhook</c> sent without a body (as DELETE usually is) names the webhook in the query.</summary>
public sealed record WebhookIdQuery([property: MaxLength(32), Description("The webhook, when there is no body.")] string? Id) : IQueryInput<WebhookIdQuery>;
