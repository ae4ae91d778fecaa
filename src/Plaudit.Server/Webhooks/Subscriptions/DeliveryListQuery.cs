using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>get_webhook_deliveries</c> query, besides the page.</summary>
public sealed record DeliveryListQuery(
    [property: MaxLength(32), Description("Only this webhook's deliveries.")] string? WebhookId,
    [property: AllowedValues(DeliveryStatus.Pending, DeliveryStatus.Succeeded, DeliveryStatus.Failed), Description("pending, succeeded or failed.")] string? Status)
    : IQueryInput<DeliveryListQuery>;
