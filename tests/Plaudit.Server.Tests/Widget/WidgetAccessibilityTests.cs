using System.Text.Json;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>axe-core (npm, installed by scripts/test.sh under tests/axe) run over the widget in Chromium, shadow roots included.</summary>
[Collection(ServerCollection.Name)]
public sealed class WidgetAccessibilityTests(Servers servers)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 740)]
    public async Task Axe_finds_no_serious_or_critical_problem_in_the_reviews_the_form_or_the_lightbox(int width, int height)
    {
        var axe = Path.Combine(RepositoryFolder.Root, "tests", "axe", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"{axe} is missing: run the tests with scripts/test.sh, which installs axe-core.");
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await WidgetBrowserTests.SeededShopAsync(server);
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Walnut desk</h1><plaudit-stars product-id="P1"></plaudit-stars><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""",
            width, height);
        var page = product.Page;
        var reviews = page.Locator("plaudit-reviews");
        await Assertions.Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(5);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });

        await AssertNoSeriousViolationsAsync(page, "the reviews");
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Write a review" }).ClickAsync();
        await reviews.Locator("form").GetByRole(AriaRole.Button, new() { Name = "Submit review" }).ClickAsync();
        await Assertions.Expect(reviews.Locator(".errors li")).ToHaveCountAsync(4);
        await AssertNoSeriousViolationsAsync(page, "the form with its errors");
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Open photo 1 of 2 by Ana" }).ClickAsync();
        await Assertions.Expect(reviews.Locator("dialog[open]")).ToHaveCountAsync(1);
        await AssertNoSeriousViolationsAsync(page, "the lightbox");
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => JSON.stringify(n.target)).slice(0, 5) }));
            }
            """);
        Assert.True(violations.GetArrayLength() == 0, $"axe-core on {what}: {violations}");
    }
}
