using System.Globalization;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

public sealed record DeliveryJson(
    string Id,
    string WebhookId,
    string Topic,
    string EventId,
    string RequestId,
    string Status,
    int AttemptCount,
    string? NextAttemptAt,
    string? LastError,
    string CreatedAt,
    string? CompletedAt,
    IReadOnlyList<AttemptJson> Attempts)
{
    public static DeliveryJson From(WebhookDelivery d, string eventId, IEnumerable<DeliveryAttempt> attempts) => new(
        d.Id.ToString(CultureInfo.InvariantCulture),
        d.SubscriptionId.ToString(CultureInfo.InvariantCulture),
        d.Topic,
        eventId,
        d.RequestId,
        d.Status,
        d.AttemptCount,
        d.Status == DeliveryStatus.Pending ? WireTime.Format(d.NextAttemptAt) : null,
        d.LastError,
        WireTime.Format(d.CreatedAt),
        WireTime.Format(d.CompletedAt),
        attempts.OrderBy(a => a.StartedAt).ThenBy(a => a.Id).Select(AttemptJson.From).ToList());
}

public sealed record AttemptJson(int Number, string StartedAt, int DurationMs, int? StatusCode, string? ResponseBody, string? Error, int Succeeded)
{
    public static AttemptJson From(DeliveryAttempt a) =>
        new(a.Number, WireTime.Format(a.StartedAt), a.DurationMs, a.StatusCode, a.ResponseBody, a.Error, a.Succeeded ? 1 : 0);
}

public sealed record RecoveredJson(int Recovered);
