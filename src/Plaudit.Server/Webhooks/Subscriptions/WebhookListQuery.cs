using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>get_shop_webhooks</c> query, besides the page.</summary>
public sealed record WebhookListQuery([property: MaxLength(64), Description("Only webhooks of this topic.")] string? Topic) : IQueryInput<WebhookListQuery>;
