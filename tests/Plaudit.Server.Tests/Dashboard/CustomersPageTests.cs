using System.Net;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The customers page: the exclusion list, added and removed from the page, never another shop's.</summary>
[Collection(ServerCollection.Name)]
public sealed class CustomersPageTests(Servers servers)
{
    [Fact]
    public async Task A_merchant_excludes_a_customer_and_removes_the_exclusion_again()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/customers");

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("Noreviews@Example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Exclude" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The customer is excluded.");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tbody tr td").First).ToHaveTextAsync("noreviews@example.com");
        var listed = (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_customer_excludes")).AssertOk();
        Assert.Contains("noreviews@example.com", listed.ToString(), StringComparison.Ordinal);
        await dashboard.AssertAccessibleAsync("the customers page");
        await dashboard.ScreenshotAsync("dashboard-customers.png");

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not an email");
        await page.EvalOnSelectorAsync("#exclude-email", "e => e.type = 'text'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Exclude" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("That is not an email address.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove noreviews@example.com" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The customer is no longer excluded.");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(0);
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Another_merchant_cannot_remove_this_shops_exclusion_by_its_id()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var owner = await DashboardShop.SeedAsync(server);
        var created = (await owner.Shop.Client.PostAsync(DashboardShop.Api + "create_customer_exclude", new { email = "kept@example.com" })).AssertOk();
        var id = created.GetProperty("id").ToString();
        var other = await DashboardShop.SeedAsync(server, "Other Shop");
        // The other shop has an exclusion of its own, so its page shows the remove form the attacker fills in.
        (await other.Shop.Client.PostAsync(DashboardShop.Api + "create_customer_exclude", new { email = "theirs@example.com" })).AssertOk();

        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(other.Email, other.Password);
        var page = await browser.GetAsync("/merchant/customers");
        Assert.DoesNotContain("kept@example.com", page.Html, StringComparison.Ordinal);
        var fields = page.Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == "remove")).Hidden.ToDictionary();
        fields["id"] = id;
        var answer = await browser.PostFormAsync("/merchant/customers", fields);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Contains("done=error-missing", answer.Location!.OriginalString, StringComparison.Ordinal);
        var listed = (await owner.Shop.Client.GetAsync(DashboardShop.Api + "get_customer_excludes")).AssertOk();
        Assert.Contains("kept@example.com", listed.ToString(), StringComparison.Ordinal);
    }
}
