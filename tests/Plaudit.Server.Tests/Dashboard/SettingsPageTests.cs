using System.Net;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The settings page: the shop's domain, moderation and review-request emails, with the API's own field rules.</summary>
[Collection(ServerCollection.Name)]
public sealed class SettingsPageTests(Servers servers)
{
    [Fact]
    public async Task A_merchant_changes_settings_and_the_api_reports_them()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/settings");
        await dashboard.AssertAccessibleAsync("the settings page");
        await dashboard.ScreenshotAsync("dashboard-settings.png");

        await page.GetByLabel("Storefront domain").FillAsync("Shop.Example.com");
        await page.GetByLabel("Publish reviews from the storefront at once").CheckAsync();
        await page.GetByLabel("Days after the order").FillAsync("10");
        await page.GetByLabel("Reminder after (days, 0 for none)").FillAsync("0");
        await page.GetByLabel("Time zone (IANA)").FillAsync("Europe/Berlin");
        await page.GetByLabel("Sender name").FillAsync("The Desk Shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("Settings saved.");
        await Assertions.Expect(page.GetByLabel("Storefront domain")).ToHaveValueAsync("shop.example.com");

        var settings = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_shop_settings")).AssertOk();
        Assert.Equal("shop.example.com", settings.GetProperty("domain").GetString());
        Assert.Equal(1, settings.GetProperty("auto_publish_reviews").GetInt32());
        var emails = settings.GetProperty("emails");
        Assert.Equal(10, emails.GetProperty("days_after_order").GetInt32());
        Assert.Equal(0, emails.GetProperty("reminder_days").GetInt32());
        Assert.Equal("Europe/Berlin", emails.GetProperty("time_zone").GetString());
        Assert.Equal("The Desk Shop", emails.GetProperty("sender_name").GetString());

        // A refused value names its field, and what was typed stays in the form.
        await page.GetByLabel("Time zone (IANA)").FillAsync("Mars/Olympus");
        await page.GetByLabel("Sender name").FillAsync("Kept Name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=alert]")).ToContainTextAsync("emails.time_zone");
        await Assertions.Expect(page.GetByLabel("Sender name")).ToHaveValueAsync("Kept Name");
        await dashboard.AssertAccessibleAsync("the settings page with an error");
        dashboard.AssertNoProblems();
        var unchanged = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_shop_settings")).AssertOk();
        Assert.Equal("The Desk Shop", unchanged.GetProperty("emails").GetProperty("sender_name").GetString());
    }

    [Fact]
    public async Task Hostile_values_are_refused_with_the_apis_messages_never_a_server_error()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);
        var form = (await browser.GetAsync("/merchant/settings")).Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == "settings")).Hidden.ToDictionary();
        foreach (var (field, value) in new[]
        {
            ("domain", "evil.example.com/<script>"),
            ("emails.days_after_order", "-5"),
            ("emails.window_start", "25:99"),
            ("emails.html_template", "{% for %}"),
            ("emails.sender_name", "a\u0000b"),
            ("emails.sender_name", "two\nlines"),
            ("emails.accent_color", "red;background:url(x)"),
        })
        {
            var fields = new Dictionary<string, string>(form)
            {
                ["domain"] = "", ["emails.days_after_order"] = "7", ["emails.reminder_days"] = "5", ["emails.window_start"] = "09:00",
                ["emails.window_end"] = "20:00", ["emails.time_zone"] = "UTC", ["emails.accent_color"] = "#1f6feb",
            };
            fields[field] = value;
            var answer = await browser.PostFormAsync("/merchant/settings", fields);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{field}={value}: {answer.Status}");
            // A NUL makes the form unreadable: refused before the page runs (antiforgery cannot read it either).
            Assert.True(value.Contains('\0', StringComparison.Ordinal) || answer.Html.Contains("Not saved", StringComparison.Ordinal), $"{field}={value}: {answer.Html}");
            Assert.DoesNotContain("<script>", answer.Html, StringComparison.Ordinal);
        }
    }
}
