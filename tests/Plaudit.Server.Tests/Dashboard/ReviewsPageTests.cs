using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>
/// The reviews page in Chromium: the moderation queue filtered and paged, bulk changes, inline
/// replies and deletion, each firing the same webhooks as the API; hostile text stays text.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReviewsPageTests(Servers servers)
{
    private const string Page = "/merchant/reviews";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Each_filter_narrows_the_queue_and_the_newest_come_first(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var merchant = await DashboardShop.SeedAsync(server);
        var reviews = await ShopReviews.ByAuthorAsync(merchant.Shop);
        (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "update_review", new { id = reviews["Eve"].Id(), tag = "gift" })).AssertOk();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;

        await dashboard.GotoAsync(Page);
        Assert.Equal(["Hal", "Gus", "Fay", "Eve", "Dee", "Cy", "Ben", "Ana"], await AuthorsAsync(page));
        await Assertions.Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Reviews");

        // The form itself: choose, apply, and the choice stays selected on the filtered page.
        await page.GetByLabel("Rating", new() { Exact = true }).SelectOptionAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"rating=5"));
        Assert.Equal(["Hal", "Ben", "Ana"], await AuthorsAsync(page));
        await Assertions.Expect(page.GetByLabel("Rating", new() { Exact = true })).ToHaveValueAsync("5");

        var expectations = new (string Query, string[] Authors)[]
        {
            ("status=pending", ["Hal", "Gus"]),
            ("status=published", ["Fay", "Eve", "Dee", "Cy", "Ben", "Ana"]),
            ("verified=yes", ["Fay", "Ben", "Ana"]),
            ("verified=no", ["Hal", "Gus", "Eve", "Dee", "Cy"]),
            ("media=yes", ["Dee", "Ana"]),
            ("media=no", ["Hal", "Gus", "Fay", "Eve", "Cy", "Ben"]),
            ("product=P2", ["Hal", "Fay", "Eve", "Dee"]),
            ("tag=gift", ["Eve"]),
            ("q=wobbly", ["Cy"]),
            ("q=BROKE", ["Fay"]),
            ("q=gus%27s", ["Gus"]),
            ("q=100%25", []),
            ("product=P1&rating=5", ["Ben", "Ana"]),
            ("status=published&verified=yes&media=yes", ["Ana"]),
        };
        foreach (var (query, authors) in expectations)
        {
            await dashboard.GotoAsync($"{Page}?{query}");
            Assert.True(authors.SequenceEqual(await AuthorsAsync(page)), $"{query}: {string.Join(", ", await AuthorsAsync(page))}");
            await Assertions.Expect(page.GetByText("No reviews match these filters.")).ToHaveCountAsync(authors.Length == 0 ? 1 : 0);
        }
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Paging_walks_the_queue_newest_first_and_keeps_the_filter()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        for (var i = 1; i <= 45; i++)
        {
            (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "create_review", new
            {
                product_id = "P3", rating = 3, author = $"Extra {i:00}", author_email = $"extra{i}@example.com", title = "More", content = "Another one.", is_published = true,
            })).AssertOk();
        }
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;

        await dashboard.GotoAsync(Page);
        var first = await AuthorsAsync(page);
        Assert.Equal(50, first.Count);
        Assert.Equal("Extra 45", first[0]);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "First page" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();
        await Assertions.Expect(page.Locator("ol.review-queue > li")).ToHaveCountAsync(3);
        Assert.Equal(["Cy", "Ben", "Ana"], await AuthorsAsync(page));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        Assert.Equal(first, await AuthorsAsync(page));

        // 51 published: the second page holds the oldest, and its link kept the filter.
        await dashboard.GotoAsync($"{Page}?status=published");
        Assert.Equal(50, (await AuthorsAsync(page)).Count);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"status=published&before=\d+"));
        Assert.Equal(["Ana"], await AuthorsAsync(page));
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Bulk_publish_feature_pin_and_tag_change_get_reviews_and_fire_review_updated()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var shop = merchant.Shop;
        var ids = (await ShopReviews.ByAuthorAsync(shop)).ToDictionary(r => r.Key, r => r.Value.Id());
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(DashboardShop.Api + "create_shop_webhook", new { topic = "review/updated", url = receiver.Url("/updated") })).AssertOk();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        var notice = page.Locator("p[role=status]");

        // "Select all" is the script's: it shows, and checks every review on the page.
        await dashboard.GotoAsync($"{Page}?status=pending");
        await page.GetByLabel("Select all on this page").CheckAsync();
        await Bulk(page, "Publish");
        await Assertions.Expect(notice).ToHaveTextAsync("Reviews published: 2.");
        await Assertions.Expect(page.GetByText("No reviews match these filters.")).ToBeVisibleAsync();
        Assert.Contains("status=pending", page.Url, StringComparison.Ordinal);

        await dashboard.GotoAsync(Page);
        await Select(page, "Ana", "Ben");
        await Bulk(page, "Feature");
        await Assertions.Expect(notice).ToHaveTextAsync("Reviews featured: 2.");
        await Select(page, "Ana");
        await Bulk(page, "Pin to top");
        await Assertions.Expect(notice).ToHaveTextAsync("Reviews pinned to the top: 1.");
        // Publishing a published review changes nothing, so it tells no one.
        await Select(page, "Ana");
        await Bulk(page, "Publish");
        await Assertions.Expect(notice).ToHaveTextAsync("Reviews published: 0.");
        await Select(page, "Ana", "Eve");
        await page.GetByLabel("New tag").FillAsync("gift");
        await Bulk(page, "Set tag");
        await Assertions.Expect(notice).ToHaveTextAsync("Reviews whose tag changed: 2.");
        var ana = Row(page, "Ana");
        foreach (var badge in new[] { "published", "featured", "pinned", "tag: gift" })
        {
            await Assertions.Expect(ana.Locator(".badge", new() { HasText = badge })).ToHaveCountAsync(1);
        }

        var after = await ShopReviews.ByAuthorAsync(shop);
        Assert.All(after.Values, r => Assert.True(r.Bit("is_published")));
        Assert.Equal(["Ana", "Ben"], after.Where(r => r.Value.Bit("is_featured")).Select(r => r.Key).Order());
        Assert.Equal(["Ana"], after.Where(r => r.Value.Bit("is_top")).Select(r => r.Key));
        Assert.Equal(["Ana", "Eve"], after.Where(r => r.Value.GetProperty("tag").GetString() == "gift").Select(r => r.Key).Order());
        Assert.Equal(["Ana", "Ben"], (await ShopReviews.ByAuthorAsync(shop, KeyValuePair.Create("is_featured", "1"))).Keys.Order());

        // One event per review that changed: 2 published, 2 featured, 1 pinned, 2 tagged.
        var events = await receiver.WaitForCountAsync("/updated", 7);
        Assert.Equal(7, events.Count);
        string[] expected = [ids["Gus"], ids["Hal"], ids["Ana"], ids["Ben"], ids["Ana"], ids["Ana"], ids["Eve"]];
        Assert.Equal(expected.Order(), events.Select(e => ReviewIdOf(e.Text)).Order());
        Assert.All(events, e => Assert.Contains("review/updated", e.Text, StringComparison.Ordinal));
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task A_reply_is_written_inline_and_removed_by_saving_it_empty()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var eve = (await ShopReviews.ByAuthorAsync(merchant.Shop))["Eve"].Id();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "create_shop_webhook", new { topic = "review/updated", url = receiver.Url("/updated") })).AssertOk();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync(Page);

        var row = Row(page, "Eve");
        await row.GetByText("Reply…").ClickAsync();
        await row.GetByLabel("Reply to Eve").FillAsync("Thank you, Eve!\nA discount code is on its way.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save the reply" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The reply is saved.");
        await Assertions.Expect(Row(page, "Eve").Locator(".review-reply")).ToContainTextAsync("A discount code is on its way.");
        var replied = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_review", [new("id", eve)])).AssertOk();
        Assert.Equal("Thank you, Eve!\nA discount code is on its way.", replied.GetProperty("reply").GetProperty("content").GetString());

        row = Row(page, "Eve");
        await row.GetByText("Edit the reply…").ClickAsync();
        await Assertions.Expect(row.GetByLabel("Reply to Eve")).ToHaveValueAsync("Thank you, Eve!\nA discount code is on its way.");
        await row.GetByLabel("Reply to Eve").FillAsync("");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save the reply" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The reply is removed.");
        await Assertions.Expect(Row(page, "Eve").Locator(".review-reply")).ToHaveCountAsync(0);
        var removed = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_review", [new("id", eve)])).AssertOk();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, removed.GetProperty("reply").ValueKind);

        var events = await receiver.WaitForCountAsync("/updated", 2);
        Assert.All(events, e => Assert.Equal(eve, ReviewIdOf(e.Text)));
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Delete_asks_first_then_deletes_and_fires_review_deleted_and_the_page_passes_axe_throughout()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var fay = (await ShopReviews.ByAuthorAsync(merchant.Shop))["Fay"].Id();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "create_shop_webhook", new { topic = "review/deleted", url = receiver.Url("/deleted") })).AssertOk();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;

        await dashboard.GotoAsync(Page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reviews", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Search)).ToBeVisibleAsync();
        // The photo's thumbnail links to the full image.
        var photo = Row(page, "Ana").Locator($"a.thumb[href='{DashboardShop.ImageHost}ana.png'] img");
        await Assertions.Expect(photo).ToBeVisibleAsync();
        Assert.True(await photo.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await dashboard.AssertAccessibleAsync("the reviews page");
        await dashboard.ScreenshotAsync("dashboard-reviews.png");
        await dashboard.GotoAsync($"{Page}?status=published&media=yes");
        await dashboard.AssertAccessibleAsync("the reviews page with filters");
        await dashboard.ScreenshotAsync("dashboard-reviews-filtered.png");

        await dashboard.GotoAsync(Page);
        var row = Row(page, "Fay");
        await row.GetByText("Delete…").ClickAsync();
        await Assertions.Expect(row.GetByText("goes for good")).ToBeVisibleAsync();
        await dashboard.AssertAccessibleAsync("the reviews page with a delete confirmation open");
        await dashboard.ScreenshotAsync("dashboard-reviews-delete.png");

        // The script asks once more; answering no keeps the review.
        var answer = false;
        page.Dialog += async (_, dialog) => await (answer ? dialog.AcceptAsync() : dialog.DismissAsync());
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveCountAsync(0);
        answer = true;
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The review is deleted.");
        await Assertions.Expect(Row(page, "Fay")).ToHaveCountAsync(0);
        Assert.Equal(7, (await AuthorsAsync(page)).Count);
        (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_review", [new("id", fay)])).AssertError(5);
        var deleted = (await receiver.WaitForCountAsync("/deleted", 1)).Single();
        Assert.Equal(fay, ReviewIdOf(deleted.Text));

        await using var phone = await DashboardBrowser.SignInAsync(server, merchant, width: 390, height: 844);
        await phone.GotoAsync(Page);
        await phone.ScreenshotAsync("dashboard-reviews-phone.png");
        dashboard.AssertNoProblems();
        phone.AssertNoProblems();
    }

    [Fact]
    public async Task Hostile_review_text_is_shown_as_text()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var hostile = (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "create_review", new
        {
            product_id = "P9",
            product = new { id = "P9", title = "<b>Bold</b> product" },
            rating = 5,
            author = "\"><svg onload=window.__pwned=true>",
            author_email = "x@example.com",
            title = "<script>window.__pwned=true</script>",
            content = "</textarea><iframe src=javascript:alert(1)></iframe>",
            reply = new { content = "<u>underlined</u>" },
        })).AssertOk().Id();
        (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "update_review", new { id = hostile, tag = "<i>tag</i>" })).AssertOk();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync(Page);

        var row = page.Locator("ol.review-queue > li").First;
        await Assertions.Expect(row.Locator("h3")).ToHaveTextAsync("<script>window.__pwned=true</script>");
        await Assertions.Expect(row.Locator(".author")).ToHaveTextAsync("\"><svg onload=window.__pwned=true>");
        await Assertions.Expect(row.Locator(".review-content")).ToHaveTextAsync("</textarea><iframe src=javascript:alert(1)></iframe>");
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Reviews of <b>Bold</b> product" })).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator(".badge", new() { HasText = "tag: <i>tag</i>" })).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".review-reply")).ToContainTextAsync("<u>underlined</u>");
        await Assertions.Expect(row.GetByLabel("Reply to \"><svg onload=window.__pwned=true>")).ToHaveValueAsync("<u>underlined</u>");
        await Assertions.Expect(Row(page, "Cy").Locator(".review-content")).ToHaveTextAsync("<img src=x onerror=\"window.__pwned=true\"> wobbly legs");
        Assert.Equal(0, await page.Locator("main script, main svg[onload], main iframe, main img[src=x], main b, main i, main u").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === true"));
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task A_keyboard_alone_selects_a_review_and_publishes_it()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var gus = (await ShopReviews.ByAuthorAsync(merchant.Shop))["Gus"].Id();
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync(Page);

        await TabToAsync(page, $"#select-{gus}", backwards: false);
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator($"#select-{gus}")).ToBeCheckedAsync();
        await TabToAsync(page, "button[name=action][value=publish]", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("Reviews published: 1.");
        Assert.True((await ShopReviews.ByAuthorAsync(merchant.Shop))["Gus"].Bit("is_published"));
        dashboard.AssertNoProblems();
    }

    private static ILocator Row(IPage page, string author) =>
        page.Locator("ol.review-queue > li").Filter(new() { Has = page.Locator(".author", new() { HasText = author }) });

    private static async Task Select(IPage page, params string[] authors)
    {
        foreach (var author in authors)
        {
            await page.GetByLabel($"Select the review by {author}").CheckAsync();
        }
    }

    private static Task Bulk(IPage page, string button) =>
        page.Locator("fieldset.bulk-actions").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    private static async Task<List<string>> AuthorsAsync(IPage page) =>
        [.. await page.Locator("ol.review-queue .author").AllInnerTextsAsync()];

    private static string ReviewIdOf(string webhookBody)
    {
        using var body = System.Text.Json.JsonDocument.Parse(webhookBody);
        return body.RootElement.GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary>Presses Tab (or Shift+Tab) until the focus is on what <paramref name="selector"/> matches.</summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards)
    {
        for (var i = 0; i < 120; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {selector}");
    }
}
