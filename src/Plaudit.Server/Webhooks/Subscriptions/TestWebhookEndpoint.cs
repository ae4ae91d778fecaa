using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.OpenApi;
using Plaudit.Server.OpenApi.Authentication;
using Plaudit.Server.Outbox;
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
        api.MapPost("/send_test_webhook", Send)
            .WithName("SendTestWebhook").WithSummary("Send a simulated event to your webhooks of a topic");
        return api;
    }

    private static async Task<ApiResponse<TestWebhookJson>> Send(
        HttpContext http, SendTestWebhookRequest request, PlauditDbContext db, TimeProvider clock, DeliveryTransitions transitions,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var (topic, isSystem) = (request.Topic, request.IsSystem);
        var data = request.Data?.GetRawText();
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
            payload = OutboxWriter.SystemPayload(topic, caller.ShopId, platform, clock.GetUtcNow());
        }
        else
        {
            subscriptions = (await db.WebhookSubscriptions.AsNoTracking().OwnedBy(caller).Where(s => s.IsActive).ToListAsync(cancellationToken))
                .Where(s => s.Matches(topic)).ToList();
            payload = data ?? SamplePayloads.For(topic, now);
        }
        if (subscriptions.Count == 0)
        {
            return ApiError.NotFound($"No active webhook of yours is subscribed to {topic}; create one with create_shop_webhook first.");
        }

        var deliveries = await transitions.CreateTestAsync(caller.ShopId, isSystem ? caller.PlatformClientId : null, subscriptions, topic, payload, now, cancellationToken);

        return ApiResponse<TestWebhookJson>.Ok(new TestWebhookJson(topic, deliveries.Select(d => new TestDeliveryJson(
            d.SubscriptionId.ToString(CultureInfo.InvariantCulture), d.Id.ToString(CultureInfo.InvariantCulture), d.RequestId)).ToList()));
    }
}
