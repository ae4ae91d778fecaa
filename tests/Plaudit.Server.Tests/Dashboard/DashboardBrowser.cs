using System.Collections.Concurrent;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>
/// A merchant in Chromium (Debian's, through Playwright), signed in to the dashboard of a real server
/// with the sign-in form. Collects what a page should never produce: console errors (a CSP refusal
/// is one), uncaught script errors and failed requests to Plaudit. Screenshots go beside the test
/// results (PLAUDIT_TEST_ARTIFACTS, else an artifacts folder beside the test binaries).
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Console errors, page errors and failed Plaudit requests seen so far.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<DashboardBrowser> SignInAsync(PlauditServer server, TestMerchant merchant, int width = 1280, int height = 900)
    {
        var dashboard = await OpenAsync(server.BaseAddress, width, height);
        var page = dashboard.Page;
        await page.GotoAsync("/merchant/sign-in");
        await page.FillAsync("#email", merchant.Email);
        await page.FillAsync("#password", merchant.Password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return dashboard;
    }

    /// <summary>Signs in with a one-time link, as a merchant does from the link <c>serve --demo</c> or <c>merchants create</c> prints.</summary>
    public static async Task<DashboardBrowser> FollowSignInLinkAsync(string link, int width, int height)
    {
        var dashboard = await OpenAsync(new Uri(new Uri(link).GetLeftPart(UriPartial.Authority)), width, height);
        var page = dashboard.Page;
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return dashboard;
    }

    private static async Task<DashboardBrowser> OpenAsync(Uri baseAddress, int width, int height)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var dashboard = new DashboardBrowser(playwright, browser, page);
        page.Console += (_, message) =>
        {
            // A 4xx page (a refused form shown again with its error) is not a problem; 5xx are caught below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                dashboard.Problems.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => dashboard.Problems.Enqueue($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500 && response.Url.StartsWith(baseAddress.ToString(), StringComparison.Ordinal))
            {
                dashboard.Problems.Enqueue($"{response.Status} from {response.Url}");
            }
        };
        // Review photos in tests live on an image host that Chromium is answered for here.
        await page.RouteAsync("https://images.example.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/png", BodyBytes = TestArtifacts.Png }));
        return dashboard;
    }


    /// <summary>Opens a dashboard page and checks it answered 200.</summary>
    public async Task<IResponse> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path) ?? throw new InvalidOperationException($"no response for {path}");
        Assert.True(response.Status == 200, $"{path} answered {response.Status}");
        return response;
    }

    public async Task ScreenshotAsync(string name)
    {
        await TestArtifacts.ScreenshotAsync(Page, name);
    }

    /// <summary>axe-core finds nothing serious or critical on the page as it is now.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        var axe = await Page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))})").ToList();
        Assert.True(serious.Count == 0, $"axe on {what}: " + string.Join("; ", serious));
    }

    /// <summary>No console error, script error or server error so far (a CSP refusal shows as a console error).</summary>
    public void AssertNoProblems() => Assert.True(Problems.IsEmpty, string.Join("\n", Problems));

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
