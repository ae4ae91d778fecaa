using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OAuth;

/// <summary>
/// The merchant's pages in a real browser (Debian's Chromium, driven by Playwright): sign-in, the
/// consent page, the redirect back with a code, and the error page. Screenshots are saved as test
/// artifacts (PLAUDIT_TEST_ARTIFACTS, else an artifacts folder beside the test binaries).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BrowserPagesTests(Servers servers)
{

    [Fact]
    public async Task A_merchant_signs_in_and_allows_a_platform_in_chromium()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var platform = await server.CreatePlatformAsync("https://platform.example.com/system");
        var merchant = await server.CreateMerchantAsync(await server.CreateShopAsync("Chromium Shop"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString() });
        // The platform's redirect URI is not a real site: answer it inside the browser.
        await page.RouteAsync(platform.RedirectUri + "**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "text/html", Body = "<!DOCTYPE html><title>callback</title><p>platform callback</p>",
        }));

        await page.GotoAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews read_orders", "chromium-state"));
        Assert.Contains("/merchant/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal("Sign in to Plaudit", await page.TextContentAsync("h1"));
        await TestArtifacts.ScreenshotAsync(page, "merchant-sign-in.png");

        await page.FillAsync("#email", merchant.Email);
        await page.FillAsync("#password", merchant.Password);
        await page.ClickAsync("button[type=submit]");
        // Wait for the consent page's own content rather than load events (robust on a busy machine).
        await page.WaitForSelectorAsync("#platform-name");
        Assert.Contains("/api/v1/openapi/oauth/authorize?", page.Url, StringComparison.Ordinal);
        Assert.Equal(platform.Name, await page.TextContentAsync("#platform-name"));
        var scopes = await page.Locator("ul.scopes li").AllTextContentsAsync();
        Assert.Equal(2, scopes.Count);
        Assert.Contains(scopes, s => s.Contains("See your reviews and ratings", StringComparison.Ordinal));
        Assert.Contains(scopes, s => s.Contains("See your order history", StringComparison.Ordinal));
        Assert.True(await page.IsVisibleAsync("#allow"));
        Assert.True(await page.IsVisibleAsync("#deny"));
        await TestArtifacts.ScreenshotAsync(page, "oauth-consent.png");

        await page.ClickAsync("#allow");
        await page.WaitForURLAsync(platform.RedirectUri + "**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        var code = OAuthKit.CodeFrom(new Uri(page.Url), "chromium-state");
        var token = await server.Http.PostAsync(OAuthKit.Token, OAuthKit.ExchangeForm(platform, code));
        Assert.Equal(System.Net.HttpStatusCode.OK, token.StatusCode);

        // A link with a redirect_uri the platform never registered: an error page, and the browser stays here.
        await page.GotoAsync(OAuthKit.AuthorizeUrl(platform, "read_reviews", "x", redirectUri: "https://evil.example.com/cb"));
        Assert.StartsWith(server.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
        Assert.Equal("This authorization link is not valid", await page.TextContentAsync("h1"));
        await TestArtifacts.ScreenshotAsync(page, "oauth-error.png");
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        // This machine has no network beyond loopback: keep Chromium from reaching for Google's services.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

}
