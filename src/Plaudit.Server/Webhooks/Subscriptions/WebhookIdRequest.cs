using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>delete_shop_webhook</c> body (or, without a body, <see cref="WebhookIdQuery"/>).</summary>
public sealed record WebhookIdRequest([property: Required, Id] string Id) : IJsonBody<WebhookIdRequest>;
