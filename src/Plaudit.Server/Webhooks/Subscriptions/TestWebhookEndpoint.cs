using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>
/// <c>send_test_webhook</c> (spec 3.7): sends <c>data</c> as given, or a sample payload, to the
/// caller's subscriptions of the topic, through the real engine (signed, retried, logged). A platform
/// may also test-send the system topics (spec 1.3) to its webhook_url.
/// </summary>
public static class TestWebhookEndpoint
{
    public static RouteGroupBuilder MapTestWebhookEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/send_test_webhook", Send).Accepts<SendTestWebhookRequest>("application/json")
            .WithName("SendTestWebhook").WithSummary("Send a simulated event to your webhooks of a topic");
        return api;
    }

    private static async Task<ApiResponse<TestWebhookJson>> Send(
        HttpContext http, PlauditDbContext db, TimeProvider clock, DeliveryWake wake, RetrySchedule schedule, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var body = JsonFields.Parse(BufferedBody.Of(http), out var parseError);
        if (parseError is not null)
        {
            return parseError;
        }
        var topic = body.String("topic", required: true, maxLength: 64);
        var isSystem = topic is not null && Topics.System.Contains(topic, StringComparer.Ordinal);
        if (topic is not null && !isSystem && !SubscriptionRules.IsTopic(topic))
        {
            body.Reject("topic", $"must be one of: {SubscriptionRules.TopicList}, {string.Join(", ", Topics.System)}");
        }
        var kind = body.KindOf("data");
        if (kind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            body.Reject("data", "must be an object");
        }
        if (body.Error is not null)
        {
            return body.Error;
        }
        var data = kind == JsonValueKind.Object ? RawData(http) : null;
        if (data is not null && Encoding.UTF8.GetByteCount(data) is var size && size > options.Value.MaxPayloadBytes)
        {
            // Each subscription gets it, and every retry: refused here rather than fanned out.
            return ApiError.Create(ApiCode.OutOfRange, $"data is {size} bytes; a webhook carries at most {options.Value.MaxPayloadBytes}.");
        }

        var caller = ApiCaller.Of(http);
        var now = clock.GetUtcNow().UtcDateTime;
        List<WebhookSubscription> subscriptions;
        string payload;
        if (isSystem)
        {
            if (caller.PlatformClientId is not { } platform)
            {
                return ApiError.InvalidArgument($"{topic} is a system webhook, sent to a platform's webhook_url: call this with the platform's bearer token.");
            }
            subscriptions = await db.WebhookSubscriptions.AsNoTracking()
                .Where(s => s.Shape == WebhookShape.System && s.PlatformClientId == platform).ToListAsync(cancellationToken);
            // A system webhook's body is fixed by spec 1.3; data is not used.
            payload = OutboxWriter.SystemPayload(topic!, caller.ShopId, platform, clock.GetUtcNow());
        }
        else
        {
            subscriptions = (await db.WebhookSubscriptions.AsNoTracking().OwnedBy(caller).Where(s => s.IsActive).ToListAsync(cancellationToken))
                .Where(s => s.Matches(topic!)).ToList();
            payload = data ?? TestDeliveries.SamplePayload(topic!, now);
        }
        if (subscriptions.Count == 0)
        {
            return ApiError.NotFound($"No active webhook of yours is subscribed to {topic}; create one with create_shop_webhook first.");
        }

        var deliveries = await TestDeliveries.SendAsync(db, caller.ShopId, isSystem ? caller.PlatformClientId : null, subscriptions, topic!, payload,
            now + schedule.FirstDelay, now, cancellationToken);
        wake.Set();

        return ApiResponse<TestWebhookJson>.Ok(new TestWebhookJson(topic!, deliveries.Select(d => new TestDeliveryJson(
            d.SubscriptionId.ToString(CultureInfo.InvariantCulture), d.Id.ToString(CultureInfo.InvariantCulture), d.RequestId)).ToList()));
    }

    /// <summary>The caller's <c>data</c> object exactly as sent.</summary>
    private static string RawData(HttpContext http)
    {
        using var document = JsonDocument.Parse(BufferedBody.Of(http).Bytes);
        return document.RootElement.GetProperty("data").GetRawText();
    }
}

/// <summary>Test events: recorded as already dispatched, so they go only to the subscriptions chosen, through the real engine.</summary>
public static class TestDeliveries
{
    public static async Task<List<WebhookDelivery>> SendAsync(
        PlauditDbContext db, long shopId, string? platformClientId, IReadOnlyCollection<WebhookSubscription> subscriptions, string topic, string payload,
        DateTime firstAttemptAt, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var testEvent = new OutboxEvent
        {
            EventId = Guid.NewGuid().ToString("N"), ShopId = shopId, PlatformClientId = platformClientId,
            Topic = topic, Payload = payload, OccurredAt = now, DispatchedAt = now,
        };
        db.OutboxEvents.Add(testEvent);
        await db.SaveChangesAsync(cancellationToken);
        var deliveries = subscriptions.Select(s => new WebhookDelivery
        {
            SubscriptionId = s.Id,
            ShopId = shopId,
            OutboxEventId = testEvent.Id,
            Topic = topic,
            RequestId = Guid.NewGuid().ToString("N"),
            NextAttemptAt = firstAttemptAt,
            CreatedAt = now,
        }).ToList();
        db.WebhookDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deliveries;
    }

    public static async Task<WebhookDelivery> SendAsync(
        PlauditDbContext db, WebhookSubscription subscription, string topic, string payload, DateTime firstAttemptAt, DateTime now, CancellationToken cancellationToken) =>
        (await SendAsync(db, subscription.ShopId ?? 0, null, [subscription], topic, payload, firstAttemptAt, now, cancellationToken)).Single();

    public static string SamplePayload(string topic, DateTime now)
    {
        var time = WireTime.Format(now);
        object sample = topic switch
        {
            Topics.ReviewDeleted => new DeletedReviewJson("99999", time),
            Topics.CustomerEventCreated => new CustomerEventJson("12345", "cli_test", "VIEW_REVIEW", "STOREFRONT", "Mobile", "IOS",
                "https://example.myshopify.com/products/sample", time, "{\"review_id\":\"99999\",\"product_id\":\"789\"}"),
            _ => new ReviewJson("99999", 5, "Test Reviewer", "test@example.com", "", "US", "Sample review", "This is a test review",
                time, "product", "", "", "api", 0, 0, 1, 0, "", 0, [], null,
                new ReviewProductJson("789", "Sample Product", "sample-product", "", "https://example.myshopify.com/products/sample-product"), time, time),
        };
        return JsonSerializer.Serialize(sample, sample.GetType(), OpenApiJson.Options);
    }
}
