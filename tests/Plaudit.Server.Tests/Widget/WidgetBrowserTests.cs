using System.Text.Json;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>The storefront widget on a plain product page in Chromium, against a real server and a seeded shop.</summary>
[Collection(ServerCollection.Name)]
public sealed class WidgetBrowserTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task The_widget_shows_the_summary_reviews_photos_and_replies_of_a_seeded_shop()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await SeededShopAsync(server);
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Walnut desk</h1><plaudit-stars product-id="P1"></plaudit-stars><p>A sturdy desk.</p><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""");
        var page = product.Page;
        var reviews = page.Locator("plaudit-reviews");

        await Expect(reviews.Locator(".status").First).ToContainTextAsync("Based on 7 reviews");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(5);
        await Expect(reviews.Locator(".histogram button").First).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex(@"^5 stars\s*,\s*2 reviews$"));
        await Expect(reviews.Locator(".histogram button").First).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("plaudit-stars .count")).ToHaveTextAsync("(7)");
        Assert.Equal("Rated 3.86 out of 5, 7 reviews", await page.Locator("plaudit-stars .stars").GetAttributeAsync("aria-label"));
        await Expect(reviews.GetByText("Reply from the shop")).ToBeVisibleAsync();
        await Expect(reviews.GetByText("Thanks for the kind words!")).ToBeVisibleAsync();
        await Expect(reviews.Locator(".verified").First).ToContainTextAsync("Verified buyer");
        await Expect(reviews.Locator(".photos img")).ToHaveCountAsync(2);
        // Thumbnails load (an empty thumbnail_url falls back to the photo itself).
        await Expect(reviews.Locator(".photos img").First).ToHaveJSPropertyAsync("naturalWidth", 8);

        // Hostile review text is shown as text: no element from it, no script run.
        await Expect(reviews.GetByText("<img src=x onerror=")).ToBeVisibleAsync();
        Assert.Equal(0, await reviews.Locator("ol.reviews img[src=x]").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === true"));
        await product.ScreenshotAsync("widget-product-page.png");

        await reviews.GetByRole(AriaRole.Button, new() { Name = "Open photo 1 of 2 by Ana" }).ClickAsync();
        await Expect(reviews.Locator("dialog[open] img")).ToBeVisibleAsync();
        await Expect(reviews.Locator("dialog figcaption")).ToHaveTextAsync("Photo 1 of 2, by Ana");
        await product.ScreenshotAsync("widget-lightbox.png");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(reviews.Locator("dialog figcaption")).ToHaveTextAsync("Photo 2 of 2, by Ana");
        await page.Keyboard.PressAsync("Escape");
        await Expect(reviews.Locator("dialog[open]")).ToHaveCountAsync(0);

        // Paging: the rest of the reviews come below the first five.
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Show more reviews" }).ClickAsync();
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(7);
        await Expect(reviews.GetByRole(AriaRole.Button, new() { Name = "Show more reviews" })).ToBeHiddenAsync();
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 7 of 7 reviews.");

        // Filter by star from the histogram, and back.
        await reviews.Locator(".histogram button").Nth(1).ClickAsync();
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 3 of 3 reviews with 4 stars.");
        Assert.Equal(["Ben", "Fay", "Gus"], (await reviews.Locator("ol.reviews .author").AllTextContentsAsync()).Order().ToArray());
        Assert.Equal("true", await reviews.Locator(".histogram button").Nth(1).GetAttributeAsync("aria-pressed"));
        Assert.Contains(product.PlauditRequests, r => r.StartsWith("/storefront/v1/reviews?", StringComparison.Ordinal) && r.Contains("rating=4", StringComparison.Ordinal));
        Assert.DoesNotContain(product.PlauditRequests, r => r.Contains("by_rating", StringComparison.Ordinal));
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Show all reviews" }).ClickAsync();
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 5 of 7 reviews.");

        // Sort: lowest first, then oldest first.
        await reviews.GetByLabel("Sort by").SelectOptionAsync("lowest");
        await Expect(reviews.Locator("ol.reviews .author").First).ToHaveTextAsync("Cy");
        await reviews.GetByLabel("Sort by").SelectOptionAsync("oldest");
        await Expect(reviews.Locator("ol.reviews .author").First).ToHaveTextAsync("Gus");
    }

    [Fact]
    public async Task A_phone_sized_screen_shows_the_same_widget_in_one_column()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await SeededShopAsync(server);
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Walnut desk</h1><plaudit-stars product-id="P1"></plaudit-stars><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""",
            width: 375, height: 740);
        var reviews = product.Page.Locator("plaudit-reviews");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(5);
        await Expect(reviews.Locator(".photos img").First).ToBeVisibleAsync();
        // Nothing wider than the screen: no sideways scrolling on a phone.
        Assert.True(await product.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await product.ScreenshotAsync("widget-product-page-narrow.png");
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Write a review" }).ClickAsync();
        await product.ScreenshotAsync("widget-review-form-narrow.png");
    }

    [Fact]
    public async Task Stars_for_forty_products_on_a_category_page_take_one_request()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await SeededShopAsync(server);
        var tiles = string.Concat(Enumerable.Range(0, 40).Select(i => $"""<li>Product {i} <plaudit-stars product-id="{(i == 7 ? "P1" : $"X{i}")}"></plaudit-stars></li>"""));
        await using var category = await ProductPage.OpenAsync(server, domain, $"<h1>Desks</h1><ul>{tiles}</ul>{ProductPage.ScriptTag(server, shop)}");

        await Expect(category.Page.Locator("plaudit-stars .count")).ToHaveCountAsync(40);
        await Expect(category.Page.Locator("plaudit-stars .count").Nth(7)).ToHaveTextAsync("(7)");
        await Expect(category.Page.Locator("plaudit-stars .count").Nth(8)).ToHaveTextAsync("(0)");
        var starRequests = category.PlauditRequests.Where(r => r.StartsWith("/storefront/v1/stars?", StringComparison.Ordinal)).ToList();
        Assert.Single(starRequests);
        Assert.Contains("X39", Uri.UnescapeDataString(starRequests[0]), StringComparison.Ordinal);
        await category.ScreenshotAsync("widget-category-stars.png");
    }

    [Fact]
    public async Task Changing_product_id_in_place_shows_the_other_products_reviews_and_stars()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await SeededShopAsync(server);
        foreach (var (rating, author) in new[] { (5, "Pia"), (1, "Quin") })
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = "P2", rating, author, author_email = $"{author}@example.com", content = "About the oak desk.", is_published = true })).AssertOk();
        }
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Desk</h1><plaudit-stars product-id="P1"></plaudit-stars><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""");
        var page = product.Page;
        var reviews = page.Locator("plaudit-reviews");
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 5 of 7 reviews.");
        await Expect(page.Locator("plaudit-stars .count")).ToHaveTextAsync("(7)");
        // A filter and an open form belong to the product they were made for.
        await reviews.Locator(".histogram button").Nth(1).ClickAsync();
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 3 of 3 reviews with 4 stars.");
        await reviews.GetByRole(AriaRole.Button, new() { Name = "Write a review" }).ClickAsync();
        await Expect(reviews.Locator("form")).ToHaveCountAsync(1);

        // A theme switching to another variant without a page load.
        await page.EvaluateAsync("() => document.querySelectorAll('plaudit-stars, plaudit-reviews').forEach(e => e.setAttribute('product-id', 'P2'))");
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 2 of 2 reviews.");
        await Expect(reviews.Locator(".summary .status")).ToHaveTextAsync("Based on 2 reviews");
        Assert.Equal(["Pia", "Quin"], (await reviews.Locator("ol.reviews .author").AllTextContentsAsync()).Order().ToArray());
        Assert.Equal("false", await reviews.Locator(".histogram button").Nth(1).GetAttributeAsync("aria-pressed"));
        await Expect(reviews.Locator("form")).ToHaveCountAsync(0);
        await Expect(page.Locator("plaudit-stars .count")).ToHaveTextAsync("(2)");
        Assert.Equal("Rated 3 out of 5, 2 reviews", await page.Locator("plaudit-stars .stars").GetAttributeAsync("aria-label"));

        // Two changes in one go: only the last product's answers are shown, whichever arrives last.
        await page.EvaluateAsync("() => document.querySelectorAll('plaudit-stars, plaudit-reviews').forEach(e => { e.setAttribute('product-id', 'P1'); e.setAttribute('product-id', 'NONE'); })");
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("No reviews yet. Be the first to write one!");
        await Expect(page.Locator("plaudit-stars .count")).ToHaveTextAsync("(0)");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(0);
        // The same product again changes nothing and asks nothing (the stars' later request shows the page's requests so far were seen).
        int ListRequests() => product.PlauditRequests.Count(r => r.StartsWith("/storefront/v1/reviews?", StringComparison.Ordinal));
        var asked = ListRequests();
        await page.EvaluateAsync("() => { document.querySelector('plaudit-reviews').setAttribute('product-id', 'NONE'); document.querySelector('plaudit-stars').setAttribute('product-id', 'P1'); }");
        await Expect(page.Locator("plaudit-stars .count")).ToHaveTextAsync("(7)");
        Assert.Equal(asked, ListRequests());
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("No reviews yet. Be the first to write one!");
    }

    [Fact]
    public async Task Keyboard_alone_filters_pages_and_opens_a_photo()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await SeededShopAsync(server);
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Walnut desk</h1><a href="#top">Before</a><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""");
        var page = product.Page;
        var reviews = page.Locator("plaudit-reviews");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(5);

        // Tab from the link before the widget: the first stop is the 5-star filter.
        await page.Locator("a").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("5 ★ stars, 2 reviews", await FocusedTextAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 2 of 2 reviews with 5 stars.");
        Assert.Equal("5 ★ stars, 2 reviews", await FocusedTextAsync(page));
        Assert.Equal("true", await page.EvaluateAsync<string>("() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; return e.getAttribute('aria-pressed'); }"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(reviews.Locator("p.status[role=status]")).ToHaveTextAsync("Showing 5 of 7 reviews.");

        // On to the first photo, open it, leave it with Escape: focus returns to the photo.
        for (var i = 0; i < 20 && !(await FocusedLabelAsync(page)).StartsWith("Open photo 1", StringComparison.Ordinal); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("Open photo 1 of 2 by Ana", await FocusedLabelAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Expect(reviews.Locator("dialog[open]")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(reviews.Locator("dialog[open]")).ToHaveCountAsync(0);
        Assert.Equal("Open photo 1 of 2 by Ana", await FocusedLabelAsync(page));

        // "Show more" by keyboard moves focus to the first review it added.
        for (var i = 0; i < 30 && await FocusedTextAsync(page) != "Show more reviews"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("Enter");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(7);
        Assert.StartsWith("Review by", await FocusedLabelAsync(page), StringComparison.Ordinal);
    }

    /// <summary>The aria-label of the element focused inside the widget's shadow root.</summary>
    private static Task<string> FocusedLabelAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; return e ? (e.getAttribute('aria-label') || '') : ''; }");

    private static Task<string> FocusedTextAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''; }");

    internal static async Task<(TestShop Shop, string Domain)> SeededShopAsync(PlauditServer server)
    {
        var shop = await server.CreateShopAsync("Widget Shop");
        var domain = $"widget-{Guid.NewGuid():N}.example.com";
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { domain })).AssertOk();
        var day = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
        object Review(int rating, string author, string content, int daysLater, string title = "", bool verified = false, object[]? media = null) => new
        {
            product_id = "P1",
            product = new { id = "P1", title = "Walnut desk", url = $"https://{domain}/products/walnut-desk" },
            rating, author, author_email = $"{author.ToLowerInvariant()}@example.com", title, content,
            commented_at = day.AddDays(daysLater), is_published = true, is_verified = verified, media = media ?? [],
        };
        var seeded = new[]
        {
            Review(5, "Ana", "Solid and beautiful.", 7, "Love it", verified: true, media: [
                new { url = ProductPage.ImageHost + "ana-1.png", thumbnail_url = "", type = 1, is_published = true },
                new { url = ProductPage.ImageHost + "ana-2.png", thumbnail_url = "", type = 1, is_published = true }]),
            Review(4, "Ben", "Good, one scratch.", 6, "Nice desk"),
            Review(2, "Cy", "<img src=x onerror=\"window.__pwned=true\"> wobbly legs", 5, "<b>Meh</b>"),
            Review(5, "Dee", "Exactly as pictured.", 4),
            Review(3, "Eve", "Fine for the price.", 3),
            Review(4, "Fay", "Took a while to arrive.", 2),
            Review(4, "Gus", "Would buy again.", 1),
        };
        string? first = null;
        foreach (var review in seeded)
        {
            var created = (await shop.Client.PostAsync(Api + "create_review", review)).AssertOk();
            first ??= created.GetProperty("id").ToString();
        }
        (await shop.Client.PostAsync(Api + "reply_review", new { id = first, content = "Thanks for the kind words!" })).AssertOk();
        return (shop, domain);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
