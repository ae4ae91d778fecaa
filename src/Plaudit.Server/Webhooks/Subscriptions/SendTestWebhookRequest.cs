using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Plaudit.Server.OpenApi.Input;
using Plaudit.Server.Outbox;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>The <c>send_test_webhook</c> body.</summary>
public sealed record SendTestWebhookRequest(
    [property: Required, MaxLength(64)] string Topic,
    [property: Description("The event's data, sent as given; a sample payload of the topic when absent.")] JsonElement? Data)
    : IJsonBody<SendTestWebhookRequest>, IValidatedInput
{
    public bool IsSystem => Topics.System.Contains(Topic, StringComparer.Ordinal);

    public FieldProblem? Validate() =>
        !IsSystem && !SubscriptionRules.IsTopic(Topic) ? new FieldProblem("topic", $"must be one of: {SubscriptionRules.TopicList}, {string.Join(", ", Topics.System)}")
        : Data is { ValueKind: not JsonValueKind.Object } ? new FieldProblem("data", "must be an object")
        : null;
}
