using Plaudit.Server.Emails;
using Plaudit.Server.Orders;
using Plaudit.Server.Outbox;
using Plaudit.Server.Platforms;
using Plaudit.Server.Reviews;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Demo;

/// <summary>
/// The demo shop's history beyond reviews, so every dashboard page has something to show: three
/// webhook subscriptions (one of each API shape: healthy, failing, disabled) with a delivery log,
/// review-request emails of the orders that got one, and an authorized platform. Written as past
/// rows: the outbox events are marked dispatched and the deliveries finished, so nothing is sent again.
/// </summary>
public static class DemoActivity
{
    public const string PlatformClientId = "demo-insta-feed";

    public static void Add(PlauditDbContext db, long shopId, IReadOnlyList<Review> reviews, IReadOnlyList<Order> orders, DateTime now, Random random)
    {
        AddWebhooks(db, shopId, reviews, now, random);
        AddReviewEmails(db, shopId, orders);
        db.PlatformGrants.Add(new PlatformGrant
        {
            ShopId = shopId,
            PlatformClientId = PlatformClientId,
            Scopes = "read_reviews write_reviews read_customer_events",
            GrantedAt = now.AddDays(-40),
            UpdatedAt = now.AddDays(-40),
            LastUsedAt = now.AddMinutes(-17),
        });
    }

    private static void AddWebhooks(PlauditDbContext db, long shopId, IReadOnlyList<Review> reviews, DateTime now, Random random)
    {
        var healthy = Subscription(shopId, WebhookShape.Trustoo, $"{Topics.ReviewCreated},{Topics.ReviewUpdated}", "https://hooks.example.com/plaudit/reviews", now.AddDays(-60));
        var failing = Subscription(shopId, WebhookShape.Shoplazza, Topics.ReviewCreated, "https://crm.example.net/webhooks/reviews", now.AddDays(-30));
        failing.FailingSince = now.AddHours(-5);
        var disabled = Subscription(shopId, WebhookShape.Truto, WebhookSubscription.AllTopics, "https://old-integration.example.org/hook", now.AddDays(-90));
        disabled.IsActive = false;
        disabled.DisabledReason = "Disabled after every attempt of a delivery failed (HTTP 410 Gone).";
        db.WebhookSubscriptions.AddRange(healthy, failing, disabled);
        db.SaveChanges();

        var recent = reviews.OrderByDescending(r => r.CreatedAt).Take(40).ToList();
        for (var i = 0; i < recent.Count; i++)
        {
            var review = recent[i];
            // Spread over the last day, so the overview's 24-hour success rate has data.
            var at = now.AddMinutes(-(i * 35) - random.Next(30));
            var outboxEvent = new OutboxEvent
            {
                EventId = Guid.NewGuid().ToString("N"),
                ShopId = shopId,
                Topic = Topics.ReviewCreated,
                Payload = System.Text.Json.JsonSerializer.Serialize(ReviewJson.From(review), OpenApi.OpenApiJson.Options),
                OccurredAt = at,
                DispatchedAt = at,
            };
            db.OutboxEvents.Add(outboxEvent);
            db.SaveChanges();
            AddDelivery(db, healthy, outboxEvent, at, random, failures: i % 9 == 4 ? 1 : 0, succeeds: true);
            AddDelivery(db, failing, outboxEvent, at, random, failures: i < 8 ? 3 : i % 7 == 0 ? 1 : 0, succeeds: i >= 8);
        }
        db.SaveChanges();
    }

    private static WebhookSubscription Subscription(long shopId, string shape, string topics, string url, DateTime createdAt) => new()
    {
        ShopId = shopId,
        Shape = shape,
        Topics = topics,
        Url = url,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>A delivery with its attempts: some failures (timeouts, 5xx), then a success or, while failing, a retry still due.</summary>
    private static void AddDelivery(PlauditDbContext db, WebhookSubscription subscription, OutboxEvent outboxEvent, DateTime at, Random random, int failures, bool succeeds)
    {
        var delivery = new WebhookDelivery
        {
            SubscriptionId = subscription.Id,
            ShopId = outboxEvent.ShopId,
            OutboxEventId = outboxEvent.Id,
            Topic = outboxEvent.Topic,
            RequestId = Guid.NewGuid().ToString(),
            CreatedAt = at,
        };
        db.WebhookDeliveries.Add(delivery);
        db.SaveChanges();
        var attemptAt = at;
        for (var n = 1; n <= failures; n++)
        {
            var timedOut = random.Next(3) == 0;
            db.DeliveryAttempts.Add(new DeliveryAttempt
            {
                DeliveryId = delivery.Id,
                Number = n,
                StartedAt = attemptAt,
                DurationMs = timedOut ? 10_000 : 40 + random.Next(200),
                StatusCode = timedOut ? null : 503,
                ResponseBody = timedOut ? null : "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>",
                Error = timedOut ? "The receiver did not answer within 10 seconds." : "HTTP 503",
            });
            attemptAt = attemptAt.AddMinutes(n * 2);
        }
        delivery.AttemptCount = failures;
        if (succeeds)
        {
            db.DeliveryAttempts.Add(new DeliveryAttempt
            {
                DeliveryId = delivery.Id,
                Number = failures + 1,
                StartedAt = attemptAt,
                DurationMs = 35 + random.Next(180),
                StatusCode = 200,
                ResponseBody = """{"ok":true}""",
                Succeeded = true,
            });
            delivery.AttemptCount++;
            delivery.Status = DeliveryStatus.Succeeded;
            delivery.CompletedAt = attemptAt;
            delivery.NextAttemptAt = attemptAt;
        }
        else
        {
            // Still retrying: the engine takes it up at its next attempt time.
            delivery.Status = DeliveryStatus.Pending;
            delivery.LastError = "HTTP 503";
            delivery.NextAttemptAt = attemptAt.AddHours(1);
        }
    }

    /// <summary>Orders past "scheduled" got their request: the overview's funnel counts them.</summary>
    private static void AddReviewEmails(PlauditDbContext db, long shopId, IReadOnlyList<Order> orders)
    {
        foreach (var order in orders.Where(o => o.Status is OrderStatus.Sent or OrderStatus.Opened or OrderStatus.Evaluated))
        {
            var sentAt = order.SentAt ?? order.OrderedAt.AddDays(7);
            db.ReviewEmails.Add(new ReviewEmail
            {
                ShopId = shopId,
                OrderRowId = order.Id,
                Kind = ReviewEmailKind.Request,
                Status = ReviewEmailStatus.Sent,
                DueAt = sentAt,
                SentAt = sentAt,
                MessageId = $"<demo-{order.Id}@plaudit.local>",
                CreatedAt = order.CreatedAt,
                UpdatedAt = sentAt,
            });
        }
    }
}
