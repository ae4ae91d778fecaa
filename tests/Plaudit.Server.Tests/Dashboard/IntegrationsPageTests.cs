using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The integrations and keys page: authorized platforms with their last call and revoke; the private token revealed and reset.</summary>
[Collection(ServerCollection.Name)]
public sealed class IntegrationsPageTests(Servers servers)
{
    [Fact]
    public async Task A_merchant_sees_a_platforms_last_call_and_revokes_it()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var tokens = await server.AuthorizeAsync(platform, merchant, "read_reviews write_reviews");
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;

        await dashboard.GotoAsync("/merchant/integrations");
        var row = page.Locator("tbody tr", new() { HasText = platform.Name });
        await Assertions.Expect(row).ToContainTextAsync("never");
        (await server.Bearer(tokens.AccessToken).GetAsync(DashboardShop.Api + "get_reviews")).AssertOk();
        await dashboard.GotoAsync("/merchant/integrations");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToContainTextAsync(" UTC");
        await Assertions.Expect(row.Locator("td").Nth(1).Locator("li")).ToHaveCountAsync(2);
        await dashboard.AssertAccessibleAsync("the integrations page");
        await dashboard.ScreenshotAsync("dashboard-integrations.png");

        await row.GetByText("Revoke…").ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {platform.Name}" }).ClickAsync();
        await Assertions.Expect(page.Locator("p[role=status]")).ToHaveTextAsync("The platform's authorization is revoked.");
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = platform.Name })).ToHaveCountAsync(0);
        (await server.Bearer(tokens.AccessToken).GetAsync(DashboardShop.Api + "get_reviews")).AssertError(7);
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task The_private_token_is_revealed_on_request_and_reset_after_a_confirmation()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        await using var dashboard = await DashboardBrowser.SignInAsync(server, merchant);
        var page = dashboard.Page;
        await dashboard.GotoAsync("/merchant/integrations");
        await Assertions.Expect(page.Locator("#public-token")).ToHaveTextAsync(merchant.Shop.PublicToken);
        Assert.DoesNotContain(merchant.Shop.PrivateToken, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal private token" }).ClickAsync();
        await Assertions.Expect(page.Locator("#private-token")).ToHaveTextAsync(merchant.Shop.PrivateToken);
        Assert.DoesNotContain(merchant.Shop.PrivateToken, page.Url, StringComparison.Ordinal);

        await page.GetByText("Reset the private token…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset private token" }).ClickAsync();
        var fresh = (await page.Locator("#private-token").TextContentAsync())!.Trim();
        Assert.NotEqual(merchant.Shop.PrivateToken, fresh);
        Assert.Equal(64, fresh.Length);
        (await merchant.Shop.Client.GetAsync(DashboardShop.Api + "get_reviews")).AssertError(16);
        await dashboard.AssertAccessibleAsync("the page with the new token");
        dashboard.AssertNoProblems();
    }

    [Fact]
    public async Task Another_merchant_cannot_revoke_this_shops_platform_or_see_its_token()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var owner = await DashboardShop.SeedAsync(server);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var tokens = await server.AuthorizeAsync(platform, owner, "read_reviews");
        var other = await DashboardShop.SeedAsync(server, "Other Shop");
        // The other shop authorizes a platform of its own, so its page shows the revoke form.
        var theirs = await server.CreatePlatformAsync("https://platform.example.com/theirs");
        await server.AuthorizeAsync(theirs, other, "read_reviews");

        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(other.Email, other.Password);
        var page = await browser.GetAsync("/merchant/integrations");
        Assert.DoesNotContain(platform.ClientId, page.Html, StringComparison.Ordinal);
        var fields = page.Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == "revoke")).Hidden.ToDictionary();
        fields["client_id"] = platform.ClientId;
        var answer = await browser.PostFormAsync("/merchant/integrations", fields);
        Assert.Contains("done=error-missing", answer.Location!.OriginalString, StringComparison.Ordinal);
        (await server.Bearer(tokens.AccessToken).GetAsync(DashboardShop.Api + "get_reviews")).AssertOk();

        var reveal = page.Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == "reveal")).Hidden.ToDictionary();
        var revealed = await browser.PostFormAsync("/merchant/integrations", reveal);
        Assert.DoesNotContain(owner.Shop.PrivateToken, revealed.Html, StringComparison.Ordinal);
        Assert.Contains(other.Shop.PrivateToken, revealed.Html, StringComparison.Ordinal);
        Assert.True(await server.QueryAsync(db => Task.FromResult(db.PlatformGrants.Any(g => g.ShopId == owner.Shop.Id && g.PlatformClientId == platform.ClientId && g.RevokedAt == null))));
    }
}
