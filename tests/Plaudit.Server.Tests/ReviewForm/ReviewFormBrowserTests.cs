using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Plaudit.Server.Tests.Emails;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.ReviewForm;

/// <summary>
/// The review form in a real browser (Debian's Chromium through Playwright), reached from the link in
/// a message the SMTP server received: rate, write, attach a photo and a video, submit; then the review is in
/// get_reviews, verified, and at a webhook receiver. axe-core checks the page; screenshots at phone
/// and desktop widths are kept with the test results (PLAUDIT_TEST_ARTIFACTS, else artifacts/).
/// </summary>
public sealed class ReviewFormBrowserTests
{
    private const string Api = "/api/v1/openapi/";

    // A 1×1 PNG: a real image, as the upload checks the bytes.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    // The start of an MP4 (the upload checks the bytes, not the name); too short to play, enough to store.
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), 0, 0, 0, 0, .. new byte[64]];

    [Fact]
    public async Task A_buyer_rates_writes_attaches_a_photo_and_a_video_and_submits_in_chromium_from_the_emails_link()
    {
        await using var env = await EmailTestServer.StartWithRealClockAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, api) = await ReviewFormTests.SetUpAsync(env);
        (await api.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/created") })).AssertOk();
        var link = ReviewFormTests.StarLink(env, rating: 5);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync(link);
        await page.WaitForSelectorAsync("#product-P1 form.review");
        // The script ran (it reveals the photo picker), under the page's own CSP.
        await page.WaitForSelectorAsync("#product-P1 .photos:not([hidden])");
        Assert.True(await page.IsCheckedAsync("#product-P1 input[name=rating][value='5']"), "the star in the email preselects the rating");
        await TestArtifacts.ScreenshotAsync(page, "review-form-phone.png");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, "axe: " + string.Join("; ", serious));

        await page.ClickAsync("#product-P1 label[for$='-r4']");
        await page.FillAsync("#product-P1 input[name=title]", "Sturdy and pretty");
        await page.FillAsync("#product-P1 textarea[name=content]", "Holds a big pot of tea and survives the dishwasher.");
        await page.SetInputFilesAsync("#product-P1 input[type=file][accept^=image]", new FilePayload { Name = "mug.png", MimeType = "image/png", Buffer = Png });
        await page.WaitForSelectorAsync("#product-P1 .previews img");
        await page.SetInputFilesAsync("#product-P1 input[type=file][accept^=video]", new FilePayload { Name = "spin.mp4", MimeType = "video/mp4", Buffer = Mp4 });
        await page.WaitForSelectorAsync("#product-P1 .previews video");
        await TestArtifacts.ScreenshotAsync(page, "review-form-photo-phone.png");
        await page.ClickAsync("#product-P1 button[type=submit]");
        await page.WaitForSelectorAsync("#product-P1 .done");
        Assert.Contains("Thank you for your review!", await page.TextContentAsync("#product-P1 .done") ?? "", StringComparison.Ordinal);
        await page.SetViewportSizeAsync(1280, 900);
        await TestArtifacts.ScreenshotAsync(page, "review-form-submitted-desktop.png");
        Assert.Empty(blocked);

        var review = Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        Assert.Equal(4, review.GetProperty("rating").GetInt32());
        Assert.Equal(1, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("email", review.GetProperty("source").GetString());
        Assert.Equal("1001", review.GetProperty("order_id").GetString());
        var media = review.GetProperty("media").EnumerateArray().ToList();
        Assert.Equal(2, media.Count);
        Assert.All(media, m => Assert.Contains("/media/files/", m.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.Equal([1, 2], media.Select(m => m.GetProperty("type").GetInt32()).Order());

        var delivered = (await receiver.WaitForCountAsync("/created", 1, TimeSpan.FromSeconds(30))).Single(r => r.Path == "/created");
        Assert.Contains("\"order_id\":\"1001\"", System.Text.Encoding.UTF8.GetString(delivered.Body), StringComparison.Ordinal);
    }

}
