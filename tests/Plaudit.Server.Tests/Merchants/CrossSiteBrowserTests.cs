using System.Text.Json;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Merchants;

/// <summary>
/// The same-origin rule in a real browser (Debian's Chromium): the headers it sends for Plaudit's
/// own script pass, and a form on a same-site page of another origin (another port here, a sibling
/// subdomain in production: the Lax session cookie goes along) is refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CrossSiteBrowserTests(Servers servers)
{
    private const string Reset = "/api/v1/openapi/reset_open_api_private_token";

    [Fact]
    public async Task Chromium_resets_the_token_from_plaudits_page_but_not_from_another_origin()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        var merchant = await server.CreateMerchantAsync(shop);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString() });
        await page.GotoAsync("/merchant/sign-in");
        await page.FillAsync("#email", merchant.Email);
        await page.FillAsync("#password", merchant.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("h1");

        // Another origin on the same site: a page that posts a form to Plaudit as soon as it loads.
        var attacker = $"http://127.0.0.1:{(server.BaseAddress.Port == 1 ? 2 : 1)}/prize";
        await page.RouteAsync(attacker, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = $"""<!DOCTYPE html><form id="f" method="post" action="{server.BaseAddress}{Reset.TrimStart('/')}"></form><script>document.getElementById('f').submit()</script>""",
        }));
        await page.GotoAsync(attacker);
        await page.WaitForURLAsync(server.BaseAddress + "**");
        var refused = JsonDocument.Parse(await page.InnerTextAsync("body")).RootElement;
        refused.AssertError(7);
        (await shop.Client.GetAsync("/api/v1/openapi/get_reviews")).AssertOk();

        // A script on a page of Plaudit's own origin (the pages' CSP forbids fetch, /healthz has none).
        await page.GotoAsync("/healthz");
        var answer = await page.EvaluateAsync<string>($"fetch('{Reset}', {{ method: 'POST' }}).then(r => r.text())");
        var newToken = JsonDocument.Parse(answer).RootElement.AssertOk().GetProperty("private_token").GetString();
        Assert.NotEqual(shop.PrivateToken, newToken);
        (await shop.Client.GetAsync("/api/v1/openapi/get_reviews")).AssertError(16);
    }
}
