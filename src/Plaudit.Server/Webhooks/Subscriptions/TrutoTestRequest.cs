using System.ComponentModel.DataAnnotations;
using Plaudit.Server.OpenApi.Input;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The body of Truto's "send test event": the webhook.</summary>
public sealed record TrutoTestRequest([property: Required, MaxLength(64)] string Id) : IJsonBody<TrutoTestRequest>;
