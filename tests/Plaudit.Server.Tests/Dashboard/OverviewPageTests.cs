using System.Net;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The dashboard's overview in Chromium, the root page, and who may see either.</summary>
[Collection(ServerCollection.Name)]
public sealed class OverviewPageTests(Servers servers)
{
    [Fact]
    public async Task The_overview_shows_the_shops_numbers_under_a_strict_csp_and_passes_axe()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;

        var response = await dashboard.GotoAsync("/merchant");
        Assert.Contains("script-src 'self'", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        var cards = page.Locator(".cards .card");
        // Six published reviews: (5 + 5 + 4 + 4 + 3 + 1) / 6 = 3.67.
        await Assertions.Expect(cards.Nth(0)).ToContainTextAsync("3.7");
        await Assertions.Expect(cards.Nth(1)).ToContainTextAsync("6");
        await Assertions.Expect(cards.Nth(2)).ToContainTextAsync("2");
        await Assertions.Expect(cards.Nth(3)).ToContainTextAsync("38%");
        await Assertions.Expect(cards.Nth(4)).ToContainTextAsync("25%");
        var fiveStars = page.Locator("table.distribution tr", new() { HasText = "5 stars" });
        await Assertions.Expect(fiveStars.Locator("td.num")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("table.distribution tr", new() { HasText = "1 star" }).Locator("td.num")).ToHaveTextAsync("1");
        // The weekly chart's numbers are also a table; the eight reviews were made this week.
        Assert.Equal(12, await page.Locator("#weekly ~ figure table tbody tr, figure.chart table tbody tr").CountAsync());
        await Assertions.Expect(page.Locator("figure.chart table tbody tr").Last.Locator("td").Last).ToHaveTextAsync("8");
        await Assertions.Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Overview");

        await dashboard.AssertAccessibleAsync("the overview");
        await dashboard.ScreenshotAsync("dashboard-overview.png");

        // The figures are kept per data version: a change through the API shows at the next visit.
        var reviews = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_reviews?page_size=50")).AssertOk();
        var pending = reviews.GetProperty("list").EnumerateArray().First(r => r.GetProperty("is_published").GetInt32() == 0).GetProperty("id").ToString();
        (await merchant.Shop.Client.PostAsync(DashboardShop.Api + "update_review", new { id = pending, is_published = 1 })).AssertOk();
        await dashboard.GotoAsync("/merchant");
        await Assertions.Expect(cards.Nth(1)).ToContainTextAsync("7");
        await Assertions.Expect(cards.Nth(2)).ToContainTextAsync("1");

        // Keyboard: the first Tab reaches the skip link, which moves focus past the navigation.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#content")).ToBeFocusedAsync();
        // And the navigation is links in tab order: Shift+Tab from the content reaches the last section.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Level = 1 })).ToBeVisibleAsync();
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task On_a_phone_the_overview_fits_the_screen_and_passes_axe()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant, 390, 844);
        await dashboard.GotoAsync("/merchant");
        var wider = await dashboard.Page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => !e.closest('.visually-hidden') && e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')
            """);
        Assert.True(wider.Length == 0, $"wider than a phone: {wider}");
        Assert.True(await dashboard.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await dashboard.AssertAccessibleAsync("the overview on a phone");
        await dashboard.ScreenshotAsync("dashboard-overview-phone.png");
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Without_a_session_every_dashboard_page_sends_to_sign_in_and_the_root_links_the_dashboard_and_docs()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var browser = new Browser(server.BaseAddress);
        foreach (var path in new[] { "/merchant", "/merchant/reviews", "/merchant/webhooks", "/merchant/orders", "/merchant/customers", "/merchant/integrations", "/merchant/settings" })
        {
            var page = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Equal("/merchant/sign-in", page.Location!.AbsolutePath);
            Assert.Contains("return_url=" + Uri.EscapeDataString(path), page.Location.Query, StringComparison.Ordinal);
        }
        var root = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Contains("href=\"/merchant\"", root.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/docs\"", root.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_posted_form_without_the_antiforgery_token_changes_nothing()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var forged = await browser.PostFormAsync("/merchant/reviews", [KeyValuePair.Create("_handler", "bulk"), KeyValuePair.Create("action", "publish")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
    }
}
