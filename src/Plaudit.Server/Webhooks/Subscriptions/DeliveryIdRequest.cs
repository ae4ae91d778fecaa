using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>resend_webhook_delivery</c> body.</summary>
public sealed record DeliveryIdRequest([property: Required, Id] string Id) : IJsonBody<DeliveryIdRequest>;
