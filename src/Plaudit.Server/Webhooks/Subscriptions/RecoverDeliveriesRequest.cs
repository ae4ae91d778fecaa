using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>recover_webhook_deliveries</c> body.</summary>
public sealed record RecoverDeliveriesRequest(
    [property: Required, Description("Failed deliveries created at or after this time (RFC 3339 or Unix seconds).")] DateTime? Since,
    [property: Id, Description("Only this webhook's deliveries.")] string? WebhookId) : IJsonBody<RecoverDeliveriesRequest>;
