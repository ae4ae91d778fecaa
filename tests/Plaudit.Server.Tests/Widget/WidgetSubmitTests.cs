using System.Text.Json;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>A shopper writes a review with a photo in the widget: it reaches the merchant's API and webhooks, and the widget's events are recorded.</summary>
[Collection(ServerCollection.Name)]
public sealed class WidgetSubmitTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task A_review_with_a_photo_reaches_get_reviews_and_a_webhook_receiver()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await WidgetBrowserTests.SeededShopAsync(server);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/created") })).AssertOk();
        await using var product = await ProductPage.OpenAsync(server, domain,
            $"""<h1>Walnut desk</h1><plaudit-reviews product-id="P1"></plaudit-reviews>{ProductPage.ScriptTag(server, shop)}""");
        var page = product.Page;
        var reviews = page.Locator("plaudit-reviews");
        await Expect(reviews.Locator("ol.reviews > li")).ToHaveCountAsync(5);

        await reviews.GetByRole(AriaRole.Button, new() { Name = "Write a review" }).ClickAsync();
        var form = reviews.Locator("form");
        // Sent empty: every problem is listed, each field says its own, and focus goes to the first.
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit review" }).ClickAsync();
        await Expect(form.Locator(".errors")).ToContainTextAsync("Please fix these 4 problems");
        await Expect(form.GetByLabel("Your review")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByText("Enter an email address like name@example.com.").Last).ToBeVisibleAsync();
        Assert.Equal("rating", await page.EvaluateAsync<string>("() => document.querySelector('plaudit-reviews').shadowRoot.activeElement?.name"));
        await product.ScreenshotAsync("widget-review-form-errors.png");

        await form.Locator("label[title='4 stars']").ClickAsync();
        await form.GetByLabel("Title (optional)").FillAsync("Sturdy <script>alert(1)</script>");
        await form.GetByLabel("Your review").FillAsync("Assembled in ten minutes & it does not wobble.");
        await form.GetByLabel("Name").FillAsync("Hana");
        await form.GetByLabel("Email").FillAsync("hana@example.com");
        await form.GetByLabel("Photos (optional, up to 5)").SetInputFilesAsync(new FilePayload { Name = "desk.png", MimeType = "image/png", Buffer = TestArtifacts.Png });
        var eventsSent = page.WaitForResponseAsync(r => r.Url.Contains("/storefront/v1/events/batch", StringComparison.Ordinal), new() { Timeout = 15_000 });
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit review" }).ClickAsync();
        await Expect(reviews.GetByRole(AriaRole.Status).Filter(new() { HasText = "Thank you!" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await product.ScreenshotAsync("widget-review-submitted.png");

        var stored = (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray()
            .Single(r => r.GetProperty("author").GetString() == "Hana");
        Assert.Equal(4, stored.GetProperty("rating").GetInt32());
        Assert.Equal("Sturdy <script>alert(1)</script>", stored.GetProperty("title").GetString());
        Assert.Equal("storefront", stored.GetProperty("source").GetString());
        var photo = stored.GetProperty("media").EnumerateArray().Single().GetProperty("url").GetString()!;
        Assert.StartsWith(server.BaseAddress.ToString(), photo, StringComparison.Ordinal);
        using (var uploaded = await server.Http.GetAsync(new Uri(photo)))
        {
            Assert.Equal(TestArtifacts.Png, await uploaded.Content.ReadAsByteArrayAsync());
        }
        var created = await receiver.WaitForAsync(received => received.Any(w => w.Path == "/created" && JsonDocument.Parse(w.Body).RootElement.ToString().Contains("Hana", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        Assert.NotEmpty(created);

        // The widget's events arrive in a batch: the view and the submission.
        Assert.Equal(202, (await eventsSent).Status);
        var types = (await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray()
            .Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Contains("VIEW_WIDGET", types);
        Assert.Contains("SUBMIT_REVIEW", types);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
