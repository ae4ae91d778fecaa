using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Plaudit.Client;
using Plaudit.Server.Emails;
using Plaudit.Server.Storage;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Emails;

/// <summary>Review-request emails: scheduling on a fake clock, sending over real SMTP, exclusions, unsubscribes, tracking, crashes.</summary>
public sealed class ReviewEmailTests
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task Email_settings_are_read_and_changed_through_shop_settings_and_bad_values_are_code_3()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync();
        var emails = (await api.GetAsync(Api + "get_shop_settings")).AssertOk().GetProperty("emails");
        Assert.Equal(1, emails.GetProperty("enabled").GetInt32());
        Assert.Equal(7, emails.GetProperty("days_after_order").GetInt32());
        Assert.Equal(5, emails.GetProperty("reminder_days").GetInt32());
        Assert.Equal("00:00", emails.GetProperty("window_start").GetString());
        Assert.Equal("24:00", emails.GetProperty("window_end").GetString());

        var changed = (await api.PostAsync(Api + "update_shop_settings", new
        {
            emails = new { days_after_order = 3, reminder_days = 0, window_start = "08:30", window_end = "19:00", time_zone = "Europe/Berlin", sender_name = "Anna at Mugs", reply_to = "anna@mugs.example" },
        })).AssertOk().GetProperty("emails");
        Assert.Equal(3, changed.GetProperty("days_after_order").GetInt32());
        Assert.Equal("Europe/Berlin", changed.GetProperty("time_zone").GetString());
        Assert.Equal("08:30", (await api.GetAsync(Api + "get_shop_settings")).AssertOk().GetProperty("emails").GetProperty("window_start").GetString());

        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { time_zone = "Mars/Olympus" } })).AssertError(3, "emails.time_zone");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { window_start = "25:00" } })).AssertError(3, "emails.window_start");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { window_start = "18:00", window_end = "09:00" } })).AssertError(3, "window_end");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { days_after_order = -1 } })).AssertError(3, "emails.days_after_order");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { reply_to = "not an address" } })).AssertError(3, "emails.reply_to");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { html_template = "{% for x in %}" } })).AssertError(3, "emails.html_template");
        (await api.PostAsync(Api + "update_shop_settings", new { emails = "on" })).AssertError(3, "emails");
    }

    [Fact]
    public async Task An_imported_order_is_scheduled_sent_on_time_over_smtp_and_reminded_once()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 7, reminder_days = 5 });
        var orderedAt = env.Clock.GetUtcNow().AddHours(-1);
        await ImportAsync(api, new { order_id = "1001", order_number = "1001", customer_name = "Ann Lee", customer_email = "ann@example.com", ordered_at = orderedAt.ToString("O"),
            products = new[] { new { product_id = "P1", title = "Blue mug" }, new { product_id = "P2", title = "Red plate" } } });

        var order = await OrderAsync(api, "1001");
        Assert.Equal(2, order.GetProperty("status").GetInt32());
        Assert.Equal("scheduled", order.GetProperty("status_name").GetString());
        var scheduledAt = DateTimeOffset.Parse(order.GetProperty("scheduled_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(orderedAt.AddDays(7).ToUnixTimeSeconds(), scheduledAt.ToUnixTimeSeconds());

        env.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromHours(2));
        Assert.Equal(0, await env.SendDueAsync());
        env.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);
        Assert.Equal("ann@example.com", ((MailboxAddress)message.To[0]).Address);
        Assert.Equal("Mugs & Co", ((MailboxAddress)message.From[0]).Name);
        Assert.Equal("reviews@plaudit.test", ((MailboxAddress)message.From[0]).Address);
        Assert.Equal("How was your order from Mugs & Co?", message.Subject);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Matches("^<http://127.0.0.1:[0-9]+/emails/unsubscribe/[A-Za-z0-9_-]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Contains("Blue mug", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Mugs &amp; Co", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Red plate", message.TextBody, StringComparison.Ordinal);
        // Five one-click star links per product, each naming its rating.
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(message.HtmlBody!, "/review/[A-Za-z0-9_-]+\\?rating=[1-5]&amp;from=email&amp;product="));
        Assert.Contains("/emails/open/", message.HtmlBody, StringComparison.Ordinal);

        order = await OrderAsync(api, "1001");
        Assert.Equal("sent", order.GetProperty("status_name").GetString());
        Assert.False(string.IsNullOrEmpty(order.GetProperty("sent_at").GetString()));

        // The reminder, five days later, once.
        env.Clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await env.SendDueAsync());
        env.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Equal(2, env.Smtp.Messages.Count);
        Assert.StartsWith("A quick reminder", env.Smtp.Messages[1].Subject, StringComparison.Ordinal);
        env.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await env.SendDueAsync());
        Assert.Equal(2, env.Smtp.Messages.Count);
    }

    [Fact]
    public async Task Cancelled_excluded_and_fully_reviewed_orders_get_no_request()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0, reminder_days = 0 });
        (await api.PostAsync(Api + "create_customer_exclude", new { email = "excluded@example.com" })).AssertOk();
        (await api.PostAsync(Api + "create_review", new { product_id = "P9", rating = 5, author = "Rae", author_email = "rae@example.com", content = "Lovely" })).AssertOk();
        await ImportAsync(api,
            new { order_id = "C1", customer_email = "cat@example.com", status = "cancelled", products = new[] { new { product_id = "P1" } } },
            new { order_id = "E1", customer_email = "excluded@example.com", products = new[] { new { product_id = "P1" } } },
            new { order_id = "R1", customer_email = "rae@example.com", products = new[] { new { product_id = "P9" } } },
            new { order_id = "N1", customer_email = "", products = new[] { new { product_id = "P1" } } },
            new { order_id = "OK", customer_email = "ok@example.com", products = new[] { new { product_id = "P1" } } });

        Assert.Equal("cancelled", (await OrderAsync(api, "C1")).GetProperty("status_name").GetString());
        foreach (var id in new[] { "E1", "R1", "N1" })
        {
            var order = await OrderAsync(api, id);
            Assert.Equal("waiting", order.GetProperty("status_name").GetString());
            Assert.Equal(JsonValueKind.Null, order.GetProperty("scheduled_at").ValueKind);
        }
        Assert.Equal("scheduled", (await OrderAsync(api, "OK")).GetProperty("status_name").GetString());

        // Cancelled after it was scheduled (a re-import says so): its request is taken back.
        await ImportAsync(api, new { order_id = "OK", customer_email = "ok@example.com", status = "cancelled", products = new[] { new { product_id = "P1" } } });
        Assert.Equal(0, await env.SendDueAsync());
        Assert.Empty(env.Smtp.Messages);
    }

    [Fact]
    public async Task Changing_the_settings_reschedules_what_has_not_been_sent_and_turning_off_unschedules_it()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 10 });
        var orderedAt = env.Clock.GetUtcNow();
        await ImportAsync(api, new { order_id = "S1", customer_email = "s@example.com", ordered_at = orderedAt.ToString("O"), products = new[] { new { product_id = "P1" } } });
        Assert.Equal(orderedAt.AddDays(10).ToUnixTimeSeconds(), ScheduledAt(await OrderAsync(api, "S1")));

        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { days_after_order = 2 } })).AssertOk();
        Assert.Equal(orderedAt.AddDays(2).ToUnixTimeSeconds(), ScheduledAt(await OrderAsync(api, "S1")));

        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { enabled = 0 } })).AssertOk();
        Assert.Equal("waiting", (await OrderAsync(api, "S1")).GetProperty("status_name").GetString());
        env.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await env.SendDueAsync());

        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { enabled = 1 } })).AssertOk();
        Assert.Equal("scheduled", (await OrderAsync(api, "S1")).GetProperty("status_name").GetString());
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Single(env.Smtp.Messages);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_reschedule_of_more_orders_and_reminders_than_one_chunk_moves_every_one(DatabaseProvider provider)
    {
        const int OrderCount = 1_201;
        await using var env = await EmailTestServer.StartAsync(provider);
        var (shop, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 10, reminder_days = 5 });
        var orderedAt = env.Clock.GetUtcNow();
        foreach (var call in Enumerable.Range(0, OrderCount).Chunk(1000))
        {
            await ImportAsync(api, [.. call.Select(i => (object)new
            {
                order_id = $"R{i}", customer_email = $"r{i}@example.com", ordered_at = orderedAt.ToString("O"), products = new[] { new { product_id = "P1" } },
            })]);
        }
        // The first 700 requests went out an hour ago (as the sender records them) and wait for their reminders.
        var sentAt = orderedAt.UtcDateTime.AddHours(-1);
        await env.Server.QueryAsync(async db =>
        {
            var requests = await db.ReviewEmails.OrderBy(e => e.Id).Take(700).ToListAsync();
            foreach (var request in requests)
            {
                request.Status = ReviewEmailStatus.Sent;
                request.SentAt = sentAt;
                db.ReviewEmails.Add(new ReviewEmail { ShopId = request.ShopId, OrderRowId = request.OrderRowId, Kind = ReviewEmailKind.Reminder, DueAt = sentAt.AddDays(5) });
            }
            var orderIds = requests.Select(r => r.OrderRowId).ToList();
            await db.Orders.Where(o => orderIds.Contains(o.Id)).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, Plaudit.Server.Orders.OrderStatus.Sent));
            return await db.SaveChangesAsync();
        });

        (await api.PostAsync(Api + "update_shop_settings", new { emails = new { days_after_order = 2, reminder_days = 3 } })).AssertOk();

        var emails = await env.Server.QueryAsync(db => db.ReviewEmails.Where(e => e.ShopId == shop.Id && e.Status == ReviewEmailStatus.Scheduled).ToListAsync());
        var requestsDue = emails.Where(e => e.Kind == ReviewEmailKind.Request).Select(e => e.DueAt).ToList();
        var remindersDue = emails.Where(e => e.Kind == ReviewEmailKind.Reminder).Select(e => e.DueAt).ToList();
        Assert.Equal(OrderCount - 700, requestsDue.Count);
        Assert.All(requestsDue, due => Assert.Equal(orderedAt.UtcDateTime.AddDays(2), due, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(700, remindersDue.Count);
        Assert.All(remindersDue, due => Assert.Equal(sentAt.AddDays(3), due, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task One_click_unsubscribe_records_the_exclusion_and_stops_the_reminder()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0, reminder_days = 1 });
        await ImportAsync(api, new { order_id = "U1", customer_email = "uma@example.com", products = new[] { new { product_id = "P1" } } });
        Assert.Equal(1, await env.SendDueAsync());
        var unsubscribe = new Uri(env.Smtp.Messages[0].Headers["List-Unsubscribe"]!.Trim('<', '>'));

        // RFC 8058: a POST with exactly this body, no cookies, no confirmation.
        using var oneClick = await env.Server.Http.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(System.Net.HttpStatusCode.OK, oneClick.StatusCode);
        var exclusion = (await api.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list").EnumerateArray().Single();
        Assert.Equal("uma@example.com", exclusion.GetProperty("email").GetString());
        Assert.Equal("unsubscribe", exclusion.GetProperty("source").GetString());

        env.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Single(env.Smtp.Messages);
        await env.Server.QueryAsync(async db =>
        {
            Assert.Equal(ReviewEmailStatus.Cancelled, (await db.ReviewEmails.SingleAsync(e => e.Kind == ReviewEmailKind.Reminder)).Status);
            return 0;
        });

        // The visible link: a page with a button (a link scanner's GET changes nothing); twice is harmless.
        using var page = await env.Server.Http.GetAsync(unsubscribe);
        Assert.Contains("<button type=\"submit\" id=\"unsubscribe\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = await env.Server.Http.PostAsync(unsubscribe, new FormUrlEncodedContent([]));
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        using var forged = await env.Server.Http.PostAsync(new Uri(env.Server.BaseAddress, "/emails/unsubscribe/AAAA" + unsubscribe.Segments[^1][4..]), new FormUrlEncodedContent([]));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Fact]
    public async Task The_pixel_and_unsubscribe_token_opens_no_form_and_links_sent_before_it_still_work()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0 });
        await ImportAsync(api, new { order_id = "L1", customer_email = "lee@example.com", products = new[] { new { product_id = "P1" } } });
        Assert.Equal(1, await env.SendDueAsync());
        var message = env.Smtp.Messages[0];
        var tracking = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).Segments[^1];
        Assert.Contains($"/emails/open/{tracking}.gif", message.HtmlBody, StringComparison.Ordinal);
        using (var form = await env.Server.Http.GetAsync("/review/" + tracking))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, form.StatusCode);
        }

        // Links made when the pixel and the unsubscribe link had a token each, as mailboxes still hold them.
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var content = links.Read(tracking, EmailLinkPurpose.Tracking)!;
        using (var image = await env.Server.Http.GetAsync($"/emails/open/{links.Protect(content, EmailLinkPurpose.Open)}.gif"))
        {
            Assert.Equal("image/gif", image.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal("opened", (await OrderAsync(api, "L1")).GetProperty("status_name").GetString());
        using (var unsubscribe = await env.Server.Http.PostAsync("/emails/unsubscribe/" + links.Protect(content, EmailLinkPurpose.Unsubscribe), new FormUrlEncodedContent([])))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, unsubscribe.StatusCode);
        }
        Assert.Equal("lee@example.com", (await api.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list").EnumerateArray().Single().GetProperty("email").GetString());
    }

    [Fact]
    public async Task Opening_the_email_is_an_email_customer_event_and_moves_the_order_to_opened()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0 });
        await ImportAsync(api, new { order_id = "O1", customer_email = "olu@example.com", products = new[] { new { product_id = "P1" } } });
        Assert.Equal(1, await env.SendDueAsync());
        var pixel = System.Text.RegularExpressions.Regex.Match(env.Smtp.Messages[0].HtmlBody!, "src=\"(?<url>[^\"]*/emails/open/[^\"]+)\"").Groups["url"].Value;

        using var image = await env.Server.Http.GetAsync(pixel);
        Assert.Equal("image/gif", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("opened", (await OrderAsync(api, "O1")).GetProperty("status_name").GetString());
        var events = (await api.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray().ToList();
        var opened = Assert.Single(events);
        Assert.Equal("EMAIL", opened.GetProperty("event_source").GetString());
        Assert.Equal("OPEN_EMAIL", opened.GetProperty("event_type").GetString());

        // A pixel with a forged token still answers an image, and records nothing.
        using var forged = await env.Server.Http.GetAsync(pixel.Replace("/open/", "/open/x", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.OK, forged.StatusCode);
        Assert.Single((await api.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray());
    }

    [Fact]
    public async Task Email_links_are_rate_limited_per_client_address_with_the_documented_429()
    {
        await using var env = await EmailTestServer.StartAsync(DatabaseProvider.Sqlite, false, ("Emails:OpensPerMinute", "2"), ("Emails:LinkRequestsPerMinute", "3"));
        // Bad tokens: the limit counts requests, whatever they carry (a prober is who it stops).
        var statuses = new List<System.Net.HttpStatusCode>();
        // The hosted form's page and its upload permissions share the limit (a made-up token is a 404 below it).
        foreach (var (method, path) in new[] { ("GET", "/emails/unsubscribe/x"), ("POST", "/emails/confirm/x"), ("GET", "/emails/confirm/x"), ("POST", "/emails/unsubscribe/x"), ("GET", "/emails/confirm/x"),
            ("GET", "/review/x"), ("GET", "/review/x/upload-policy") })
        {
            using var response = await env.Server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new FormUrlEncodedContent([]) : null });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.RetryAfter?.ToString());
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("too_many_requests", body.GetProperty("error").GetString());
                Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
            }
        }
        Assert.Equal([System.Net.HttpStatusCode.NotFound, System.Net.HttpStatusCode.NotFound, System.Net.HttpStatusCode.NotFound,
            System.Net.HttpStatusCode.TooManyRequests, System.Net.HttpStatusCode.TooManyRequests, System.Net.HttpStatusCode.TooManyRequests, System.Net.HttpStatusCode.TooManyRequests], statuses);

        // The pixel has its own, higher limit (privacy proxies load many people's images from one address).
        var opens = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var image = await env.Server.Http.GetAsync("/emails/open/x.gif");
            opens.Add(image.StatusCode);
        }
        Assert.Equal([System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.TooManyRequests], opens);
    }

    [Fact]
    public async Task A_send_cut_off_by_a_crash_is_sent_at_most_once_more()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0, reminder_days = 0 });
        await ImportAsync(api, new { order_id = "K1", customer_email = "k1@example.com", products = new[] { new { product_id = "P1" } } },
            new { order_id = "K2", customer_email = "k2@example.com", products = new[] { new { product_id = "P1" } } });
        var lease = env.Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.LeaseDuration;

        // A node claims both and dies before recording anything (whether or not its SMTP server took them).
        await ClaimAsDeadNodeAsync(env);
        Assert.Equal(0, await env.SendDueAsync());
        env.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        // K2's second owner dies too; K1's sends.
        await env.Server.QueryAsync(db => db.ReviewEmails.Where(e => e.Claims == 1).OrderBy(e => e.Id).Take(1)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Claims, 2)));
        Assert.Equal(2, await env.SendDueAsync());
        var sent = Assert.Single(env.Smtp.Messages);
        await env.Server.QueryAsync(async db =>
        {
            var emails = await db.ReviewEmails.OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(ReviewEmailStatus.Failed, emails[0].Status);
            Assert.Contains("interrupted twice", emails[0].LastError, StringComparison.Ordinal);
            Assert.Equal(ReviewEmailStatus.Sent, emails[1].Status);
            return 0;
        });
        Assert.Equal("k2@example.com", ((MailboxAddress)sent.To[0]).Address);
    }

    [Fact]
    public async Task A_refusing_mail_server_is_retried_on_the_schedule()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0 });
        await ImportAsync(api, new { order_id = "F1", customer_email = "f@example.com", products = new[] { new { product_id = "P1" } } });
        env.Smtp.Refusing = true;
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Equal("scheduled", (await OrderAsync(api, "F1")).GetProperty("status_name").GetString());
        env.Smtp.Refusing = false;
        Assert.Equal(0, await env.SendDueAsync());
        env.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Single(env.Smtp.Messages);
        Assert.Equal("sent", (await OrderAsync(api, "F1")).GetProperty("status_name").GetString());
    }

    [Fact]
    public async Task Two_nodes_on_postgresql_send_each_request_exactly_once()
    {
        (string, string)[] fast = [("Emails:PollInterval", "00:00:00.050"), ("Emails:BatchSize", "7")];
        await using var env = await EmailTestServer.StartAsync(DatabaseProvider.Postgres, sendInBackground: true, fast);
        var smtpSettings = TestSettings.Shared.With([.. env.Smtp.Settings.Select(s => (s.Key, s.Value))]).With(fast);
        await using var second = await PlauditServer.StartSecondNodeAsync(env.Server, smtpSettings,
            services: services => services.AddSingleton<TimeProvider>(env.Clock));
        var (_, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0, reminder_days = 0 });
        const int Count = 300;
        await ImportAsync(api, [.. Enumerable.Range(0, Count).Select(i => (object)new { order_id = $"T{i}", customer_email = $"t{i}@example.com", products = new[] { new { product_id = "P1" } } })]);

        var messages = await env.Smtp.WaitForAsync(Count, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        Assert.Equal(Count, env.Smtp.Messages.Count);
        Assert.Equal(Count, messages.Select(m => ((MailboxAddress)m.To[0]).Address).Distinct().Count());
        var senders = await env.Server.QueryAsync(db => db.ReviewEmails.CountAsync(e => e.Status == ReviewEmailStatus.Sent));
        Assert.Equal(Count, senders);
    }

    private static async Task ClaimAsDeadNodeAsync(EmailTestServer env)
    {
        var now = env.Clock.GetUtcNow().UtcDateTime;
        var lease = env.Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.LeaseDuration;
        await env.Server.QueryAsync(db => ReviewEmailClaims.ClaimAsync(db, "dead-node", now, now + lease, 100, CancellationToken.None));
    }

    private static long ScheduledAt(JsonElement order) =>
        DateTimeOffset.Parse(order.GetProperty("scheduled_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    private static async Task ImportAsync(PlauditClient api, params object[] orders)
    {
        var report = (await api.PostAsync(Api + "import_orders", new { orders })).AssertOk();
        Assert.Equal(0, report.GetProperty("rejected").GetArrayLength());
    }

    private static async Task<JsonElement> OrderAsync(PlauditClient api, string orderId) =>
        (await api.GetAsync(Api + "get_orders", [new("page_size", "100")])).AssertOk().GetProperty("list").EnumerateArray()
            .Single(o => o.GetProperty("id").GetString() == orderId);
}
