using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Plaudit.Server.Tests.Infrastructure;
using Plaudit.Server.Webhooks;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

[Collection(ServerCollection.Name)]
public sealed class WebhookDeliveryTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Review_created_is_delivered_signed_as_spec_3_5(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await Subscribe(shop, "review/created", receiver.Url("/created"));
        await Subscribe(shop, "review/deleted", receiver.Url("/deleted"));

        var review = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Jo", product_id = "P1" })).AssertOk();
        var delivery = (await receiver.WaitForCountAsync("/created", 1, Patience)).Single(r => r.Path == "/created");

        Assert.Equal("application/json", delivery.Header("Content-Type").Split(';')[0]);
        Assert.Equal(shop.PublicToken, delivery.Header("Open-Trustoo-Webhook-Public-Token"));
        Assert.Matches("^[0-9a-f]{32}$", delivery.Header("Open-Trustoo-Webhook-RequestId"));
        var timestamp = delivery.Header("Open-Trustoo-Webhook-Timestamp");
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), SpecSigner.Now() - 60, SpecSigner.Now() + 5);
        // Verified independently of Plaudit's code: HMAC-SHA256(private token, "timestamp=<ts>|<raw body>").
        Assert.Equal(SpecSigner.Hmac(shop.PrivateToken, $"timestamp={timestamp}|{delivery.Text}"), delivery.Header("Open-Trustoo-Webhook-Sign"));

        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal("review/created", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(shop.Id.ToString(CultureInfo.InvariantCulture), body.RootElement.GetProperty("shop_id").GetString());
        Assert.Equal(review.ToString(), body.RootElement.GetProperty("data").ToString());

        var id = review.GetProperty("id").GetString()!;
        (await shop.Client.PostAsync(Api + "delete_review", new { id })).AssertOk();
        var deleted = (await receiver.WaitForCountAsync("/deleted", 1, Patience)).Single(r => r.Path == "/deleted");
        using var deletedBody = JsonDocument.Parse(deleted.Body);
        Assert.Equal("review/deleted", deletedBody.RootElement.GetProperty("event").GetString());
        Assert.Equal(id, deletedBody.RootElement.GetProperty("data").GetProperty("id").GetString());
        Assert.Matches(@"Z$", deletedBody.RootElement.GetProperty("data").GetProperty("deleted_at").GetString());

        var log = await WaitForDeliveryStatus(shop, "succeeded", 2);
        Assert.All(log, d => Assert.Equal(1, d.GetProperty("attempts").GetArrayLength()));
        Assert.Equal(200, log[0].GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Failed_attempts_are_retried_on_schedule_with_the_same_request_id(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        // 500, then 200 with a non-zero code (still a failure per spec 3.1), then success.
        receiver.Respond = (_, n) => n switch { 1 => Reply.Error(500), 2 => new Reply(200, """{"code":1,"message":"not yet"}"""), _ => Reply.Ok };
        await Subscribe(shop, "review/created", receiver.Url("/flaky"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 3, author = "Retry" })).AssertOk();
        var received = await receiver.WaitForCountAsync("/flaky", 3, Patience);

        Assert.Single(received.Select(r => r.Header("Open-Trustoo-Webhook-RequestId")).Distinct());
        // The test schedule is 0,1,1 seconds between attempts.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromSeconds(0.9), $"second attempt after {received[1].At - received[0].At}");
        Assert.True(received[2].At - received[1].At >= TimeSpan.FromSeconds(0.9), $"third attempt after {received[2].At - received[1].At}");

        var delivery = (await WaitForDeliveryStatus(shop, "succeeded", 1)).Single();
        var attempts = delivery.GetProperty("attempts");
        Assert.Equal(3, attempts.GetArrayLength());
        Assert.Equal(500, attempts[0].GetProperty("status_code").GetInt32());
        // A loopback receiver is private: its answer is logged by status only (ReceiverErrorTests).
        Assert.Equal(JsonValueKind.Null, attempts[0].GetProperty("response_body").ValueKind);
        Assert.Contains("code", attempts[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, attempts[2].GetProperty("succeeded").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_delivery_is_marked_failed_after_the_last_attempt_and_can_be_recovered(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Error(503);
        await Subscribe(shop, "review/created", receiver.Url("/down"));
        var since = DateTime.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 1, author = "Nobody home" })).AssertOk();
        var failed = (await WaitForDeliveryStatus(shop, "failed", 1)).Single();
        Assert.Equal(3, failed.GetProperty("attempt_count").GetInt32());
        Assert.Contains("503", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received.Count);

        receiver.Respond = (_, _) => Reply.Ok;
        var recovered = (await shop.Client.PostAsync(Api + "recover_webhook_deliveries", new { since })).AssertOk();
        Assert.Equal(1, recovered.GetProperty("recovered").GetInt32());
        await WaitForDeliveryStatus(shop, "succeeded", 1);
        Assert.Equal(4, receiver.Received.Count);

        // And a resend of a delivered one sends it again, with the same request id.
        var id = (await WaitForDeliveryStatus(shop, "succeeded", 1)).Single().GetProperty("id").GetString()!;
        (await shop.Client.PostAsync(Api + "resend_webhook_delivery", new { id })).AssertOk();
        var all = await receiver.WaitForCountAsync("/down", 5, Patience);
        Assert.Single(all.Select(r => r.Header("Open-Trustoo-Webhook-RequestId")).Distinct());
    }

    [Fact]
    public async Task Retry_after_on_503_stretches_the_wait_within_the_schedule()
    {
        // The spec's schedule (three minutes before the second attempt), on a clock the test moves.
        var clock = FakeClock.StartingNow();
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, SpecSchedule, clock: clock);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, n) => n == 1 ? new Reply(503, "{}", RetryAfterSeconds: 600) : Reply.Ok;
        await Subscribe(shop, "review/created", receiver.Url("/busy"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Patient" })).AssertOk();
        var waiting = await WaitForPendingAttempts(clock, shop, 1);
        // Retry-After: 600 honoured: ten minutes from the failed attempt, not the schedule's three
        // (the wire time has whole seconds, and the clock ticked a little while the test looked).
        var wait = NextAttemptAt(waiting) - clock.GetUtcNow();
        Assert.InRange(wait, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

        // Past the stored time, which has a fraction of a second the wire time leaves out.
        clock.Advance(wait + TimeSpan.FromSeconds(1));
        await receiver.WaitForCountAsync("/busy", 2, Patience);
        var delivered = await clock.WaitFor(async () => await DeliveriesWithStatus(shop, "succeeded") is [var d] ? d : (JsonElement?)null);
        Assert.Equal(2, delivered.GetProperty("attempt_count").GetInt32());
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_failed_attempt()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, n) => n == 1 ? Reply.Ok with { Delay = TimeSpan.FromSeconds(3) } : Reply.Ok;
        await Subscribe(shop, "review/created", receiver.Url("/slow"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 2, author = "Slowpoke" })).AssertOk();
        var delivery = (await WaitForDeliveryStatus(shop, "succeeded", 1)).Single();
        Assert.Equal(WebhookSender.NoAnswer, delivery.GetProperty("attempts")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_receiver_that_sends_its_headers_then_stalls_its_body_past_the_timeout_is_a_failed_attempt()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, n) => n == 1 ? Reply.Ok with { BodyStall = TimeSpan.FromMinutes(1) } : Reply.Ok;
        await Subscribe(shop, "review/created", receiver.Url("/stalls"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 2, author = "Half an answer" })).AssertOk();
        var delivery = (await WaitForDeliveryStatus(shop, "succeeded", 1)).Single();
        var first = delivery.GetProperty("attempts")[0];
        Assert.Equal(WebhookSender.NoAnswer, first.GetProperty("error").GetString());
        Assert.InRange(first.GetProperty("duration_ms").GetInt32(), 1_500, 30_000);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Deliveries_queued_behind_a_slow_receiver_longer_than_their_lease_are_sent_once(DatabaseProvider provider)
    {
        // A 4 s lease (2 s timeout, no margin), one attempt at a time, a receiver taking 0.5 s: the last
        // of twelve deliveries waits about 6 s in this node's queue, past its first lease. Renewal keeps
        // it ours, so the claim loop (polling every 200 ms) never takes it over and sends it a second time.
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(
            ("Webhooks:LeaseMargin", "00:00:00"), ("Webhooks:PerEndpointConcurrency", "1")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Ok with { Delay = TimeSpan.FromMilliseconds(500) };
        await Subscribe(shop, "review/created", receiver.Url("/queued"));

        for (var i = 0; i < 12; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = $"Queued {i}" })).AssertOk();
        }
        await receiver.WaitForCountAsync("/queued", 12, Patience);
        await server.WaitUntilDeliveredAsync(shop);
        var log = await WaitForDeliveryStatus(shop, "succeeded", 12);

        // Nothing is pending or held any more, so nothing more can be sent: one attempt each (none
        // timed out), and no delivery sent twice.
        Assert.All(log, d => Assert.Equal(1, d.GetProperty("attempts").GetArrayLength()));
        Assert.Equal(12, receiver.Received.Select(r => r.Header("Open-Trustoo-Webhook-RequestId")).Distinct().Count());
        Assert.Equal(12, receiver.Received.Count);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_receiver_that_slows_down_still_gets_every_delivery_once(DatabaseProvider provider)
    {
        // Room for 32 leased deliveries, two send slots: the fast receiver may fill the room; when it
        // slows to 0.4 s an attempt, the deliveries still queued are handed back and claimed again.
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(
            ("Webhooks:MaxConcurrency", "2"), ("Webhooks:PerEndpointConcurrency", "2")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, n) => n <= 5 ? Reply.Ok : Reply.Ok with { Delay = TimeSpan.FromMilliseconds(400) };
        await Subscribe(shop, "review/created", receiver.Url("/slowing"));

        for (var i = 0; i < 30; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = $"Burst {i}" })).AssertOk();
        }
        await receiver.WaitForCountAsync("/slowing", 30, Patience);
        await server.WaitUntilDeliveredAsync(shop);
        var log = await WaitForDeliveryStatus(shop, "succeeded", 30);

        // Nothing is pending or held any more, so nothing more can be sent.
        Assert.All(log, d => Assert.Equal(1, d.GetProperty("attempts").GetArrayLength()));
        Assert.Equal(30, receiver.Received.Select(r => r.Header("Open-Trustoo-Webhook-RequestId")).Distinct().Count());
        Assert.Equal(30, receiver.Received.Count);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_node_that_stops_gives_up_the_leases_of_deliveries_not_yet_sent(DatabaseProvider provider)
    {
        // One attempt at a time to a receiver that hangs: one delivery is on the wire, three wait in the queue.
        var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(
            ("Webhooks:Timeout", "00:01:00"), ("Webhooks:PerEndpointConcurrency", "1")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var onTheWire = new TaskCompletionSource<string>();
        receiver.Respond = (request, _) =>
        {
            onTheWire.TrySetResult(request.Header("Open-Trustoo-Webhook-RequestId"));
            return Reply.Ok with { Delay = TimeSpan.FromMinutes(1) };
        };
        await Subscribe(shop, "review/created", receiver.Url("/hanging"));
        for (var i = 0; i < 4; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = $"Stopped {i}" })).AssertOk();
        }
        var cutOff = await onTheWire.Task.WaitAsync(Patience);
        await Eventually.WaitFor(async () =>
            (await shop.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("page").GetProperty("total").GetInt64() == 4 ? true : (bool?)null);
        await server.DisposeAsync();

        await using var reader = await PlauditServer.StartSecondNodeAsync(server, new Dictionary<string, string> { ["Webhooks:Enabled"] = "false" });
        await using var scope = reader.Services.CreateAsyncScope();
        var pending = await scope.ServiceProvider.GetDb().WebhookDeliveries.Where(d => d.ShopId == shop.Id).ToListAsync();
        Assert.Equal(4, pending.Count);
        Assert.All(pending, d => Assert.Equal("pending", d.Status));
        // The attempt that was cut off keeps its lease (its receiver may still act on it); the rest are free.
        Assert.NotNull(pending.Single(d => d.RequestId == cutOff).LeaseOwner);
        Assert.All(pending.Where(d => d.RequestId != cutOff), d => Assert.Null(d.LeaseOwner));
    }

    [Fact]
    public async Task Slow_subscriptions_on_one_host_do_not_hold_up_another_subscription_on_that_host()
    {
        // Declared first, disposed last: the server's stop cuts off the hanging attempts before the receiver stops.
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(
            ("Webhooks:Timeout", "00:01:00"), ("Webhooks:MaxConcurrency", "8"), ("Webhooks:PerEndpointConcurrency", "1")));
        var shop = await server.CreateShopAsync();
        var hanging = 0;
        receiver.Respond = (request, _) =>
        {
            if (!request.Path.StartsWith("/slow", StringComparison.Ordinal))
            {
                return Reply.Ok;
            }
            Interlocked.Increment(ref hanging);
            return Reply.Ok with { Delay = TimeSpan.FromMinutes(1) };
        };
        for (var i = 0; i < 4; i++)
        {
            await Subscribe(shop, "review/created", receiver.Url($"/slow-{i}"));
        }
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 3, author = "Hangs four receivers" })).AssertOk();
        await Eventually.WaitFor(() => Task.FromResult(Volatile.Read(ref hanging) == 4 ? true : (bool?)null));

        // Four connections to the host are held by hanging attempts; the fifth subscription still gets its own.
        await Subscribe(shop, "review/created", receiver.Url("/fast"));
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Gets through" })).AssertOk();
        var fast = await receiver.WaitForCountAsync("/fast", 1, Patience);
        Assert.DoesNotContain(fast, r => r.Path.StartsWith("/slow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_that_answers_in_http_1_0_is_asked_for_a_new_connection_each_time()
    {
        // .NET would keep such a receiver's closed connections in its pool and write the next attempt into one.
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, TestSettings.FastWebhooks.With(("Webhooks:RetryDelays", "0,600")));
        var shop = await server.CreateShopAsync();
        await using var receiver = Http10Receiver.Start();
        await Subscribe(shop, "review/created", receiver.Url("/python-http-server"));

        for (var i = 1; i <= 3; i++)
        {
            (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = $"HTTP/1.0 fan {i}" })).AssertOk();
            await Eventually.WaitFor(() => Task.FromResult(receiver.Requests.Count >= i ? (bool?)true : null));
        }
        Assert.All(receiver.Requests.Skip(1), r => Assert.Equal("close", r.Connection));
        var delivered = await WaitForDeliveryStatus(shop, "succeeded", 3);
        Assert.All(delivered, d => Assert.Equal(1, d.GetProperty("attempt_count").GetInt32()));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Send_test_webhook_sends_given_data_or_a_sample_signed_like_a_real_event(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "send_test_webhook", new { topic = "review/created" })).AssertError(5, "review/created");
        await Subscribe(shop, "review/created", receiver.Url("/test"));
        await Subscribe(shop, "customer_event/created", receiver.Url("/events"));

        var sent = (await shop.Client.SendAsync(HttpMethod.Post, Api + "send_test_webhook",
            jsonBody: """{"topic":"review/created","data":{"id":"99999","rating":5,"content":"This is a test review"}}""")).AssertOk();
        Assert.Equal(1, sent.GetProperty("deliveries").GetArrayLength());
        (await shop.Client.PostAsync(Api + "send_test_webhook", new { topic = "customer_event/created" })).AssertOk();

        var all = await receiver.WaitForAsync(r => r.Count >= 2, Patience);
        var custom = all.Single(r => r.Path == "/test");
        Assert.Contains("\"data\":{\"id\":\"99999\",\"rating\":5,\"content\":\"This is a test review\"}", custom.Text, StringComparison.Ordinal);
        var ts = custom.Header("Open-Trustoo-Webhook-Timestamp");
        Assert.Equal(SpecSigner.Hmac(shop.PrivateToken, $"timestamp={ts}|{custom.Text}"), custom.Header("Open-Trustoo-Webhook-Sign"));
        using var sample = JsonDocument.Parse(all.Single(r => r.Path == "/events").Body);
        Assert.Equal("VIEW_REVIEW", sample.RootElement.GetProperty("data").GetProperty("event_type").GetString());

        (await shop.Client.PostAsync(Api + "send_test_webhook", new { topic = "nope" })).AssertError(3, "topic must be one of");

        // Test events are written already dispatched: the dispatcher, passing them on its way to a real
        // event, must not fan them out a second time.
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "After the tests" })).AssertOk();
        await receiver.WaitForAsync(r => r.Count >= 3, Patience);
        await server.WaitForOutboxDispatchedAsync();
        Assert.Equal(3, await server.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.ShopId == shop.Id)));
    }

    [Fact]
    public async Task Only_active_subscriptions_of_the_matching_topic_receive_an_event()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await Subscribe(shop, "review/created", receiver.Url("/mine"));
        await Subscribe(shop, "review/updated", receiver.Url("/updated"));
        await Subscribe(other, "review/created", receiver.Url("/theirs"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Only me" })).AssertOk();
        await receiver.WaitForCountAsync("/mine", 1, Patience);
        await server.WaitUntilDeliveredAsync(shop, other);

        // The event is fanned out and its one delivery done: nothing else exists that could arrive later.
        Assert.Equal(1, await server.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.ShopId == shop.Id || d.ShopId == other.Id)));
        Assert.Equal(["/mine"], receiver.Received.Select(r => r.Path));
    }

    [Fact]
    public async Task A_subscription_failing_for_too_long_is_disabled_and_an_update_re_enables_it()
    {
        // The spec's schedule, on a clock the test moves; a subscription failing for an hour is disabled.
        var clock = FakeClock.StartingNow();
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, SpecSchedule.With(("Webhooks:DisableAfter", "01:00:00")), clock: clock);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Error(500);
        var id = await Subscribe(shop, "review/created", receiver.Url("/broken"));

        (await shop.Client.PostAsync(Api + "create_review", new { rating = 1, author = "Doomed" })).AssertOk();
        // Attempts at 0, 3, 9, 18, 30 and 45 minutes leave it active; the seventh, at 63, is past the hour.
        for (var made = 1; made <= 6; made++)
        {
            await WaitForPendingAttempts(clock, shop, made);
            Assert.Equal(1, (await Webhook(shop, id)).GetProperty("is_active").GetInt32());
            clock.Advance(Schedule[made]);
        }
        var webhook = await clock.WaitFor(async () =>
        {
            var w = await Webhook(shop, id);
            return w.GetProperty("is_active").GetInt32() == 0 ? w : (JsonElement?)null;
        });
        Assert.Contains("Disabled automatically", webhook.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);

        var enabled = (await shop.Client.PostAsync(Api + "update_shop_webhook", new { id, url = receiver.Url("/fixed") })).AssertOk();
        Assert.Equal(1, enabled.GetProperty("is_active").GetInt32());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabled_reason").ValueKind);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_success_restarts_the_failing_clock_so_a_recovered_subscription_is_not_disabled(DatabaseProvider provider)
    {
        // The spec's schedule and the default DisableAfter (five days), on a clock the test moves.
        var clock = FakeClock.StartingNow();
        await using var server = await PlauditServer.StartAsync(provider, SpecSchedule, clock: clock);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var failing = true;
        receiver.Respond = (_, _) => Volatile.Read(ref failing) ? Reply.Error(500) : Reply.Ok;
        var id = await Subscribe(shop, "review/created", receiver.Url("/recovers"));

        // Fails once, then its retry succeeds: the success clears the time the subscription started failing.
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 2, author = "First" })).AssertOk();
        await WaitForPendingAttempts(clock, shop, 1);
        Volatile.Write(ref failing, false);
        clock.Advance(Schedule[1]);
        await clock.WaitFor(async () => (await DeliveriesWithStatus(shop, "succeeded")).Count == 1 ? true : (bool?)null);

        // Longer than DisableAfter since that first failure; then two failures in a row, a retry apart.
        clock.Advance(new WebhookOptions().DisableAfter);
        Volatile.Write(ref failing, true);
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 2, author = "Second" })).AssertOk();
        await WaitForPendingAttempts(clock, shop, 1);
        clock.Advance(Schedule[1]);
        await WaitForPendingAttempts(clock, shop, 2);

        // Failing for three minutes, not since the first failure five days ago: still active.
        Assert.Equal(1, (await Webhook(shop, id)).GetProperty("is_active").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Finished_deliveries_and_their_events_are_purged_after_the_retention_period(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, TestSettings.FastWebhooks.With(("Webhooks:Retention", "00:00:02")));
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await Subscribe(shop, "review/created", receiver.Url("/old"));
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "Ephemeral" })).AssertOk();
        (await shop.Client.PostAsync(Api + "send_test_webhook", new { topic = "review/created" })).AssertOk();
        await WaitForDeliveryStatus(shop, "succeeded", 2);
        await Eventually.WaitFor(async () =>
            (await shop.Client.GetAsync(Api + "get_webhook_deliveries")).AssertOk().GetProperty("page").GetProperty("total").GetInt64() == 0 ? true : (bool?)null);
        await Eventually.WaitFor(async () =>
            await server.QueryAsync(db => db.OutboxEvents.AnyAsync(e => e.ShopId == shop.Id)) ? null : (bool?)true);
    }

    /// <summary>Fast webhooks, but with the spec's retry schedule: for tests on a fake clock.</summary>
    private static readonly IReadOnlyDictionary<string, string> SpecSchedule = TestSettings.FastWebhooks.With(("Webhooks:RetryDelays", new WebhookOptions().RetryDelays));

    private static readonly IReadOnlyList<TimeSpan> Schedule = new WebhookOptions().ParseRetryDelays();

    private static async Task<string> Subscribe(TestShop shop, string topic, string url) =>
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic, url })).AssertOk().GetProperty("id").GetString()!;

    private static async Task<JsonElement> Webhook(TestShop shop, string id) =>
        (await shop.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list").EnumerateArray()
            .Single(w => w.GetProperty("id").GetString() == id);

    private static async Task<List<JsonElement>> DeliveriesWithStatus(TestShop shop, string status) =>
        (await shop.Client.GetAsync(Api + "get_webhook_deliveries", [new("status", status), new("page_size", "100")])).AssertOk().GetProperty("list").EnumerateArray().ToList();

    /// <summary>The shop's one delivery, once it waits for its next try after <paramref name="attempts"/> attempts.</summary>
    private static Task<JsonElement> WaitForPendingAttempts(FakeTimeProvider clock, TestShop shop, int attempts) =>
        clock.WaitFor(async () =>
        {
            var pending = await DeliveriesWithStatus(shop, "pending");
            return pending.Count == 1 && pending[0].GetProperty("attempt_count").GetInt32() == attempts ? pending[0] : (JsonElement?)null;
        });

    private static DateTimeOffset NextAttemptAt(JsonElement delivery) =>
        DateTimeOffset.Parse(delivery.GetProperty("next_attempt_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static Task<List<JsonElement>> WaitForDeliveryStatus(TestShop shop, string status, int count) =>
        Eventually.WaitFor(async () =>
        {
            var list = (await shop.Client.GetAsync(Api + "get_webhook_deliveries", [new("status", status), new("page_size", "100")])).AssertOk().GetProperty("list");
            return list.GetArrayLength() >= count ? list.EnumerateArray().ToList() : null;
        });
}
