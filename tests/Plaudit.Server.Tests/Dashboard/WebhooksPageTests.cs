using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>
/// The webhooks pages: a merchant's subscriptions of every shape, made, changed, tested and deleted on
/// the page through the same rules as the APIs; the delivery log with every attempt and its request;
/// resend and recover; and never another shop's webhooks.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WebhooksPageTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task A_merchant_adds_a_webhook_sends_it_a_test_and_reads_the_attempt_with_the_request_as_sent()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync("Hooked Shop"));
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/webhooks");
        await Assertions.Expect(page.GetByText("No webhooks yet")).ToBeVisibleAsync();

        await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url("/hook"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The webhook is added. Send it a test event to see a delivery below.");
        Assert.Matches(@"/merchant/webhooks/\d+\?done=created$", page.Url);
        await Assertions.Expect(page.Locator("dl.pairs").First).ToContainTextAsync("Trustoo");

        await page.GetByLabel("Test event topic").SelectOptionAsync("review/created");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToContainTextAsync("A test event is on its way");
        var received = (await receiver.WaitForCountAsync("/hook", 1)).Single();
        await server.WaitUntilDeliveredAsync(merchant.Shop);

        await page.ReloadAsync();
        var delivery = page.Locator("details.delivery").First;
        await delivery.Locator("summary").ClickAsync();
        await Assertions.Expect(delivery.Locator("summary")).ToContainTextAsync("succeeded");
        await Assertions.Expect(delivery.Locator("table.attempts tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(delivery.Locator("table.attempts")).ToContainTextAsync("HTTP 200");
        // A loopback receiver is private: its answer is kept by status only, and the page says so.
        await Assertions.Expect(delivery.Locator("table.attempts")).ToContainTextAsync("Body not kept");

        // The request as sent: the same bytes, the same request id, and a signature that verifies over what is shown.
        Assert.Equal(received.Text, await delivery.Locator("pre.request-body").TextContentAsync());
        var headers = await ShownHeadersAsync(delivery);
        Assert.Equal(received.Header("Open-Trustoo-Webhook-RequestId"), headers["Open-Trustoo-Webhook-RequestId"]);
        Assert.Equal(merchant.Shop.PublicToken, headers["Open-Trustoo-Webhook-Public-Token"]);
        var shownTimestamp = headers["Open-Trustoo-Webhook-Timestamp"];
        Assert.InRange(long.Parse(shownTimestamp, CultureInfo.InvariantCulture) - long.Parse(received.Header("Open-Trustoo-Webhook-Timestamp"), CultureInfo.InvariantCulture), -1, 1);
        Assert.Equal(SpecSigner.Hmac(merchant.Shop.PrivateToken, $"timestamp={shownTimestamp}|{received.Text}"), headers["Open-Trustoo-Webhook-Sign"]);
        Assert.DoesNotContain(merchant.Shop.PrivateToken, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(delivery).ToContainTextAsync("As of the latest attempt");

        await dashboard.AssertAccessibleAsync("a webhook's page with a delivery open");
        await dashboard.ScreenshotAsync("dashboard-webhook-detail.png");
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task A_failing_receiver_shows_failing_and_resend_and_recover_reach_it_once_it_answers()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync("Failing Shop"));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Error(500);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/webhooks");
        await page.GetByLabel("Shoplazza").CheckAsync();
        await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url("/down"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToContainTextAsync("The webhook is added");

        // Two test events, each failing all three attempts of the test schedule.
        for (var i = 0; i < 2; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
            await Assertions.Expect(page.Locator("p[role=status]")).ToContainTextAsync("A test event is on its way");
        }
        await receiver.WaitForCountAsync("/down", 6);
        await server.WaitUntilDeliveredAsync(merchant.Shop);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("dl.pairs .badge").First).ToContainTextAsync("failing since");
        var deliveries = page.Locator("details.delivery");
        await Assertions.Expect(deliveries).ToHaveCountAsync(2);
        var newest = deliveries.First;
        await newest.Locator("summary").ClickAsync();
        await Assertions.Expect(newest.Locator("summary")).ToContainTextAsync("failed");
        await Assertions.Expect(newest.Locator("table.attempts tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(newest.Locator("table.attempts tbody tr").Nth(2)).ToContainTextAsync("HTTP 500");
        await Assertions.Expect(newest.Locator("dl.pairs")).ToContainTextAsync("HTTP 500.");

        // The first KB of a public receiver's answer is shown, as text.
        var newestId = long.Parse(Regex.Match(await newest.GetAttributeAsync("id") ?? "", @"\d+").Value, CultureInfo.InvariantCulture);
        await server.QueryAsync(async db =>
        {
            var attempt = await db.DeliveryAttempts.Where(a => a.DeliveryId == newestId).OrderBy(a => a.Number).FirstAsync();
            attempt.ResponseBody = "<b>{\"error\":\"upstream down\"}</b>";
            return await db.SaveChangesAsync();
        });
        await page.ReloadAsync();
        await newest.Locator("summary").ClickAsync();
        await Assertions.Expect(newest.Locator("pre.response-body")).ToHaveTextAsync("<b>{\"error\":\"upstream down\"}</b>");
        await dashboard.AssertAccessibleAsync("a failing webhook's page with a delivery open");

        receiver.Respond = (_, _) => Reply.Ok;
        await newest.GetByRole(AriaRole.Button, new() { Name = $"Resend delivery {newestId}" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The delivery goes out again now, with a fresh set of retries.");
        await receiver.WaitForCountAsync("/down", 7);
        await server.WaitUntilDeliveredAsync(merchant.Shop);

        await page.GetByLabel("Failed deliveries created since (UTC)").FillAsync(DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry them all" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("Failed deliveries sent again now, each with a fresh set of retries: 1.");
        await receiver.WaitForCountAsync("/down", 8);
        await server.WaitUntilDeliveredAsync(merchant.Shop);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("dl.pairs .badge").First).ToHaveTextAsync("active");
        await page.GetByLabel("Status").SelectOptionAsync("succeeded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("details.delivery")).ToHaveCountAsync(2);
        await page.GetByLabel("Status").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No deliveries failed.")).ToBeVisibleAsync();
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task A_merchant_edits_disables_enables_and_deletes_a_webhook()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync("Editing Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        var id = (await SubscriptionShapes.CreateTrustooAsync(shop.Client, "https://hooks.example.com/old")).AssertOk().GetProperty("id").GetString()!;
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync($"/merchant/webhooks/{id}");

        await page.GetByLabel("review/deleted").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("A Trustoo or Shoplazza webhook carries exactly one topic: check one, or make a Truto webhook for several.");

        await page.GetByLabel("Endpoint URL").FillAsync("https://hooks.example.com/new");
        await page.GetByLabel("review/created").UncheckAsync();
        await page.GetByLabel("review/deleted").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The webhook is saved.");
        var listed = (await shop.Client.GetAsync(Api + "get_shop_webhooks")).AssertOk().GetProperty("list")[0];
        Assert.Equal("https://hooks.example.com/new", listed.GetProperty("url").GetString());
        Assert.Equal("review/deleted", listed.GetProperty("topic").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The webhook is disabled: it receives nothing until you enable it.");
        await Assertions.Expect(page.Locator("dl.pairs .badge").First).ToHaveTextAsync("inactive");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send test event" })).ToBeDisabledAsync();

        // The engine disabled it after days of failures: the page says why, and enabling clears it, as the API's update does.
        var key = long.Parse(id, CultureInfo.InvariantCulture);
        await server.QueryAsync(db => db.WebhookSubscriptions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.FailingSince, DateTime.UtcNow.AddDays(-6))
            .SetProperty(x => x.DisabledReason, "Disabled automatically: every delivery has failed for more than 120 hours.")));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("dl.pairs dd").First).ToContainTextAsync("Disabled automatically: every delivery has failed for more than 120 hours.");
        await Assertions.Expect(page.Locator("dl.pairs .badge").First).ToHaveTextAsync("disabled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The webhook is enabled; its failing state is cleared.");
        await Assertions.Expect(page.Locator("dl.pairs .badge").First).ToHaveTextAsync("active");
        var enabled = await server.QueryAsync(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == key));
        Assert.True(enabled.IsActive);
        Assert.Null(enabled.FailingSince);
        Assert.Null(enabled.DisabledReason);

        // Deleting asks first, without script: the button is inside a closed disclosure.
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete this webhook" });
        await Assertions.Expect(delete).ToBeHiddenAsync();
        await page.GetByText("Delete this webhook…").ClickAsync();
        await delete.ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The webhook is deleted, with its delivery log.");
        Assert.EndsWith("/merchant/webhooks?done=deleted", page.Url, StringComparison.Ordinal);
        Assert.False(await server.QueryAsync(db => db.WebhookSubscriptions.AnyAsync(s => s.Id == key)));
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task The_list_shows_webhooks_of_all_three_shapes_made_through_the_three_APIs_and_apps_webhooks_read_only()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync("Three Shapes Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await SubscriptionShapes.CreateTrustooAsync(shop.Client, receiver.Url("/trustoo"))).AssertOk();
        (await SubscriptionShapes.CreateShoplazzaAsync(shop.Client, receiver.Url("/shoplazza"), "review/deleted")).AssertHttpOk();
        var truto = await SubscriptionShapes.CreateTrutoAsync(shop.Client, receiver.Url("/truto"));
        truto.AssertHttpOk(201);
        var trutoSecret = truto.Root.GetProperty("secret").GetString()!;
        var platform = await server.CreatePlatformAsync(receiver.Url("/system-webhook"));
        var tokens = await server.AuthorizeAsync(platform, merchant, "write_reviews");
        using var app = server.Bearer(tokens.AccessToken);
        var appHook = await SubscriptionShapes.CreateShoplazzaAsync(app, receiver.Url("/app"), "review/updated");
        appHook.AssertHttpOk();

        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/webhooks");
        var own = page.Locator("section[aria-labelledby=own-heading] tbody tr");
        await Assertions.Expect(own).ToHaveCountAsync(3);
        await Assertions.Expect(own.Nth(0)).ToContainTextAsync("Trustoo");
        await Assertions.Expect(own.Nth(1)).ToContainTextAsync("Shoplazza");
        await Assertions.Expect(own.Nth(2)).ToContainTextAsync("Truto");
        await Assertions.Expect(own.Nth(2)).ToContainTextAsync("All topics");
        var apps = page.Locator("section[aria-labelledby=platform-heading] tbody tr");
        await Assertions.Expect(apps).ToHaveCountAsync(1);
        await Assertions.Expect(apps.First).ToContainTextAsync(platform.Name);
        // A platform's system webhook serves every shop; it is the platform's, not this shop's.
        Assert.DoesNotContain("/system-webhook", await page.ContentAsync(), StringComparison.Ordinal);
        await dashboard.AssertAccessibleAsync("the webhooks page");
        await dashboard.ScreenshotAsync("dashboard-webhooks.png");

        await apps.First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(receiver.Url("/app"));
        await Assertions.Expect(page.GetByText("an app you authorized")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disable" })).ToHaveCountAsync(0);

        // A Truto webhook's own secret, as the Truto-shaped API gives it to its owner.
        await dashboard.GotoAsync("/merchant/webhooks");
        await own.Nth(2).GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByText("Show the signing secret").ClickAsync();
        await Assertions.Expect(page.Locator("details.secret")).ToContainTextAsync(trutoSecret);
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Another_merchant_cannot_see_or_change_this_shops_webhooks_or_deliveries_by_their_ids()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Error(500);
        var owner = await server.CreateShopAsync("Victim Shop");
        var ownerHook = (await SubscriptionShapes.CreateTrustooAsync(owner.Client, receiver.Url("/victim"))).AssertOk().GetProperty("id").GetString()!;
        (await owner.Client.PostAsync(Api + "send_test_webhook", new { topic = "review/created" })).AssertOk();
        var attacker = await server.CreateShopAsync("Attacker Shop");
        var attackerMerchant = await server.CreateMerchantAsync(attacker);
        var attackerHook = (await SubscriptionShapes.CreateTrustooAsync(attacker.Client, receiver.Url("/attacker"))).AssertOk().GetProperty("id").GetString()!;
        (await attacker.Client.PostAsync(Api + "send_test_webhook", new { topic = "review/created" })).AssertOk();
        await server.WaitUntilDeliveredAsync(owner, attacker);
        var before = await SnapshotAsync(server, owner.Id);
        var victimDelivery = before.Deliveries.Single().Id.ToString(CultureInfo.InvariantCulture);

        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(attackerMerchant.Email, attackerMerchant.Password);
        Assert.DoesNotContain("/victim", (await browser.GetAsync("/merchant/webhooks")).Html, StringComparison.Ordinal);
        var peek = await browser.GetAsync($"/merchant/webhooks/{ownerHook}");
        Assert.Equal(HttpStatusCode.NotFound, peek.Status);
        Assert.Contains("Webhook not found", peek.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/victim", peek.Html, StringComparison.Ordinal);

        // Every form of the attacker's own webhook page, posted at the victim's webhook, and at the attacker's own with the victim's delivery.
        var own = await browser.GetAsync($"/merchant/webhooks/{attackerHook}");
        var forms = own.Forms().Where(f => f.Hidden.Any(h => h.Key == "_handler")).ToDictionary(f => f.Hidden.Single(h => h.Key == "_handler").Value, f => f.Hidden.ToDictionary());
        Assert.Equal(["active", "delete", "edit", "recover", "resend", "test"], forms.Keys.Order().ToArray());
        var values = new Dictionary<string, string>
        {
            ["url"] = receiver.Url("/stolen"), ["topic"] = "review/created", ["active"] = "false",
            ["since"] = "2000-01-01T00:00", ["delivery"] = victimDelivery,
        };
        foreach (var (handler, hidden) in forms)
        {
            var fields = hidden.Concat(values).ToDictionary();
            var answer = await browser.PostFormAsync($"/merchant/webhooks/{ownerHook}", fields);
            Assert.True(answer.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{handler} on the victim's webhook: {answer.Status}");
            Assert.DoesNotContain("/victim", answer.Html, StringComparison.Ordinal);
        }
        var resend = await browser.PostFormAsync($"/merchant/webhooks/{attackerHook}", forms["resend"].Concat(values).ToDictionary());
        Assert.Equal(HttpStatusCode.Redirect, resend.Status);
        Assert.Contains("done=error-delivery", resend.Location!.OriginalString, StringComparison.Ordinal);
        foreach (var bad in (string[])["0", "-1", "abc", "99999999999999999999", "1e3", "%20"])
        {
            var answer = await browser.GetAsync($"/merchant/webhooks/{bad}");
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        }

        await server.WaitUntilDeliveredAsync(owner);
        Assert.Equal(before, await SnapshotAsync(server, owner.Id));
        Assert.Equal(0, receiver.Received.Count(r => r.Path == "/stolen"));
    }

    [Fact]
    public async Task Hostile_urls_and_topics_get_a_clear_notice_and_change_nothing()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync("Hostile Input Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var create = (await browser.GetAsync("/merchant/webhooks")).Forms().Single(f => f.Hidden.Any(h => h is { Key: "_handler", Value: "create" })).Hidden;

        (string Shape, string Url, string[] Topics, string Notice)[] cases =
        [
            ("trustoo", "javascript:alert(document.cookie)", ["review/created"], "The URL must be an absolute http:// or https:// address"),
            ("trustoo", "https://example.com/" + new string('a', 10_000), ["review/created"], "The URL must be an absolute http:// or https:// address"),
            ("trustoo", "https://user:pass@example.com/", ["review/created"], "The URL must be an absolute http:// or https:// address"),
            ("trustoo", "http://169.254.169.254/latest/meta-data", ["review/created"], "points to an address webhooks may not reach"),
            ("trustoo", "https://example.com/hook", ["review/created\"><script>alert(1)</script>"], "Choose topics from the list."),
            ("shoplazza", "https://example.com/hook", ["review/created", "review/deleted"], "A Trustoo or Shoplazza webhook carries exactly one topic"),
            ("trustoo", "https://example.com/hook", [], "A Trustoo or Shoplazza webhook carries exactly one topic"),
            ("system", "https://example.com/hook", ["review/created"], "Choose a format"),
        ];
        foreach (var (shape, url, topics, notice) in cases)
        {
            var fields = create.Concat([new("shape", shape), new("url", url)]).Concat(topics.Select(t => KeyValuePair.Create("topic", t))).ToList();
            var answer = await browser.PostFormAsync("/merchant/webhooks", fields);
            Assert.True(answer.Status == HttpStatusCode.Redirect, $"{shape} {url[..Math.Min(40, url.Length)]}: {answer.Status}");
            var shown = await browser.GetAsync(answer.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, shown.Status);
            Assert.Contains(notice, WebUtility.HtmlDecode(shown.Html), StringComparison.Ordinal);
        }
        Assert.False(await server.QueryAsync(db => db.WebhookSubscriptions.AnyAsync(s => s.ShopId == shop.Id)));

        // A second webhook for the same topic and URL is the Trustoo shape's twin; the same words as on the API.
        (await SubscriptionShapes.CreateTrustooAsync(shop.Client, "https://example.com/hook")).AssertOk();
        var twin = await browser.PostFormAsync("/merchant/webhooks",
            create.Concat([new("shape", "trustoo"), new("url", "https://example.com/hook"), new("topic", "review/created")]).ToList());
        Assert.Contains("done=error-duplicate", twin.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_network_target_is_refused_on_the_page_where_private_networks_are_not_allowed()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite, SecureWebhookSettings.Default);
        var shop = await server.CreateShopAsync("Production Shop");
        var merchant = await server.CreateMerchantAsync(shop);
        var id = (await SubscriptionShapes.CreateTrustooAsync(shop.Client, "https://hooks.example.com/a")).AssertOk().GetProperty("id").GetString()!;
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var create = (await browser.GetAsync("/merchant/webhooks")).Forms().Single(f => f.Hidden.Any(h => h is { Key: "_handler", Value: "create" })).Hidden;
        var created = await browser.PostFormAsync("/merchant/webhooks",
            create.Concat([new("shape", "truto"), new("url", "http://127.0.0.1:5432/"), new("topic", "review/created")]).ToList());
        Assert.Contains("done=error-private", created.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("points to an address webhooks may not reach", WebUtility.HtmlDecode((await browser.GetAsync(created.Location.OriginalString)).Html), StringComparison.Ordinal);

        var edit = (await browser.GetAsync($"/merchant/webhooks/{id}")).Forms().Single(f => f.Hidden.Any(h => h is { Key: "_handler", Value: "edit" })).Hidden;
        var edited = await browser.PostFormAsync($"/merchant/webhooks/{id}",
            edit.Concat([new("url", "http://10.0.0.8/hook"), new("topic", "review/created")]).ToList());
        Assert.Contains("done=error-private", edited.Location!.OriginalString, StringComparison.Ordinal);
        var kept = await server.QueryAsync(db => db.WebhookSubscriptions.Where(s => s.ShopId == shop.Id).Select(s => s.Url).ToListAsync());
        Assert.Equal(["https://hooks.example.com/a"], kept);
    }

    /// <summary>The request headers a delivery shows, by name.</summary>
    private static async Task<Dictionary<string, string>> ShownHeadersAsync(ILocator delivery)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in await delivery.Locator("table.headers tbody tr").AllAsync())
        {
            headers[(await row.Locator("th").TextContentAsync())!.Trim()] = (await row.Locator("td code").TextContentAsync())!.Trim();
        }
        return headers;
    }

    /// <summary>Everything of a shop's webhooks an attack could change.</summary>
    private static Task<Snapshot> SnapshotAsync(PlauditServer server, long shopId) => server.QueryAsync(async db => new Snapshot(
        string.Join("; ", (await db.WebhookSubscriptions.AsNoTracking().Where(s => s.ShopId == shopId).OrderBy(s => s.Id).ToListAsync())
            .Select(s => $"{s.Id} {s.Url} {s.Topics} {s.IsActive} {s.UpdatedAt:O}")),
        await db.WebhookDeliveries.AsNoTracking().Where(d => d.ShopId == shopId).OrderBy(d => d.Id)
            .Select(d => new DeliveryRow(d.Id, d.Status, d.AttemptCount)).ToListAsync(),
        await db.DeliveryAttempts.CountAsync(a => db.WebhookDeliveries.Any(d => d.Id == a.DeliveryId && d.ShopId == shopId))));

    private sealed record DeliveryRow(long Id, string Status, int AttemptCount);

    private sealed record Snapshot(string Subscriptions, List<DeliveryRow> Deliveries, int Attempts)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && Subscriptions == other.Subscriptions && Deliveries.SequenceEqual(other.Deliveries) && Attempts == other.Attempts;

        public override int GetHashCode() => HashCode.Combine(Subscriptions, Attempts);
    }
}
