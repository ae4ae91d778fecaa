using System.Diagnostics;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Cli;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>
/// The README's first command leads into a populated dashboard: <c>serve --demo</c> prints a
/// one-time sign-in link; Chromium follows it and walks every page of the demo shop, checking each
/// with axe and keeping a screenshot (these are the pictures in docs/dashboard.md).
/// </summary>
public sealed class DemoDashboardTests
{
    private const string LinkLine = "The merchant dashboard of the demo shop: ";

    [Fact]
    public async Task Serve_demo_prints_a_sign_in_link_into_a_dashboard_with_something_on_every_page()
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-demo-dashboard").FullName;
        using var process = Process.Start(CliProcess.StartInfo(
            ["serve", "--urls", "http://127.0.0.1:0", "--demo"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            folder))!;
        try
        {
            var link = await SignInLinkAsync(process);
            Assert.StartsWith("http://127.0.0.1:", link, StringComparison.Ordinal);
            await using var dashboard = await DashboardBrowser.FollowSignInLinkAsync(link, 1280, 900);
            var page = dashboard.Page;

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("header.top .shop")).ToHaveTextAsync("Plaudit Demo Shop");
            Assert.True(int.Parse((await page.Locator(".cards .card .figure").Nth(1).TextContentAsync())!.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 200);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review requests" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".problems li")).ToHaveCountAsync(2);
            await dashboard.AssertAccessibleAsync("the demo overview");
            await dashboard.ScreenshotAsync("demo-overview.png");

            foreach (var (path, name, expected) in new[]
            {
                ("/merchant/reviews", "reviews", "Demo review"),
                ("/merchant/webhooks", "webhooks", "crm.example.net"),
                ("/merchant/orders", "orders", "customer"),
                ("/merchant/customers", "customers", "Exclude a customer"),
                ("/merchant/integrations", "integrations", "Insta Feed (demo)"),
                ("/merchant/settings", "settings", "Review-request emails"),
            })
            {
                await dashboard.GotoAsync(path);
                await Assertions.Expect(page.Locator("main").First).ToContainTextAsync(expected);
                await dashboard.AssertAccessibleAsync($"the demo {name} page");
                await dashboard.ScreenshotAsync($"demo-{name}.png");
            }
            dashboard.AssertNoProblems();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<string> SignInLinkAsync(Process process)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith(LinkLine, StringComparison.Ordinal))
            {
                return line[LinkLine.Length..].Split(' ')[0];
            }
        }
        throw new InvalidOperationException("plaudit serve --demo printed no dashboard link");
    }
}
