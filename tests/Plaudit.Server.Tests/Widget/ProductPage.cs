using System.Collections.Concurrent;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>
/// A shop's product page in Chromium: plain HTML with the widget's script tag, answered by the test at
/// the shop's own domain (so the storefront's CORS rule applies as on a real shop), calling the real
/// Plaudit server. Photos on an external image host are answered with a small PNG. Every request to
/// Plaudit is recorded, so tests can count them. Screenshots go beside the test results
/// (PLAUDIT_TEST_ARTIFACTS, else an artifacts folder beside the test binaries).
/// </summary>
public sealed class ProductPage : IAsyncDisposable
{
    public const string ImageHost = "https://images.example.com/";



    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ProductPage(IPlaywright playwright, IBrowser browser, IPage page, string url)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Url = url;
    }

    public IPage Page { get; }
    public string Url { get; }

    /// <summary>Every request the page made to Plaudit (path and query).</summary>
    public ConcurrentQueue<string> PlauditRequests { get; } = new();

    public static async Task<ProductPage> OpenAsync(PlauditServer server, string domain, string body, int width = 1280, int height = 900)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // No network beyond loopback here: keep Chromium from reaching for Google's services. The page's
            // origin is the shop's (answered by the test) and Plaudit is on loopback, which Chromium's local
            // network checks would hold for a permission prompt no one can answer.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var url = $"https://{domain}/products/widget-test";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A product</title>
            <style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}</style></head>
            <body><main>
            {{body}}
            </main></body>
            </html>
            """;
        await page.RouteAsync($"https://{domain}/**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await page.RouteAsync(ImageHost + "**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/png", BodyBytes = TestArtifacts.Png }));
        var product = new ProductPage(playwright, browser, page, url);
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(server.BaseAddress.ToString(), StringComparison.Ordinal))
            {
                product.PlauditRequests.Enqueue(new Uri(request.Url).PathAndQuery);
            }
        };
        await page.GotoAsync(url);
        return product;
    }

    /// <summary>The script tag a merchant pastes.</summary>
    public static string ScriptTag(PlauditServer server, TestShop shop) =>
        $"""<script src="{server.BaseAddress}widget/v1/plaudit.js" data-public-token="{System.Net.WebUtility.HtmlEncode(shop.PublicToken)}" async></script>""";

    public async Task ScreenshotAsync(string name)
    {
        await TestArtifacts.ScreenshotAsync(Page, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
