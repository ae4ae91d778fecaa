using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Plaudit.Client;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Platforms;
using Plaudit.Server.Tests.Emails;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.ReviewForm;

/// <summary>The hosted review form over HTTP: a verified review by the link alone, once per product, and every hostile input refused.</summary>
public sealed partial class ReviewFormTests
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task The_emails_link_opens_the_form_and_the_review_is_verified_from_email_with_the_order_id()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await SetUpAsync(env);
        using var visitor = new Visitor(env.Server.BaseAddress);

        var link = StarLink(env, rating: 4);
        var page = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Blue mug", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"4\" required checked", page.Html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", page.Csp, StringComparison.Ordinal);
        Assert.Equal("opened", (await OrderAsync(api)).GetProperty("status_name").GetString());
        Assert.Contains((await api.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray(),
            e => e.GetProperty("event_type").GetString() == "CLICK_EMAIL" && e.GetProperty("event_source").GetString() == "EMAIL");

        var posted = await visitor.PostAsync(page, "P1", ("rating", "4"), ("author", "Ann"), ("title", "Sturdy"), ("content", "Holds a lot of tea."));
        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);
        var after = await visitor.GetAsync(posted.Location!.ToString());
        Assert.Contains("Thank you for your review!", after.Html, StringComparison.Ordinal);
        Assert.Contains("Holds a lot of tea.", after.Html, StringComparison.Ordinal);

        var review = Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        Assert.Equal(1, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("1001", review.GetProperty("order_id").GetString());
        Assert.Equal("email", review.GetProperty("source").GetString());
        Assert.Equal("ann@example.com", review.GetProperty("author_email").GetString());
        Assert.Equal(0, review.GetProperty("is_published").GetInt32());
        Assert.Equal("evaluated", (await OrderAsync(api)).GetProperty("status_name").GetString());

        // A second submission for the same product changes nothing.
        var again = await visitor.PostAsync(page, "P1", ("rating", "1"), ("author", "Ann"), ("content", "Changed my mind"));
        Assert.Equal(HttpStatusCode.SeeOther, again.Status);
        Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        // The other product of the order is still open.
        var token = TokenOf(link);
        using (var policy = await env.Server.Http.GetAsync($"/review/{token}/upload-policy?content_type=image/png"))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        }
        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.PostAsync(page, "P2", ("rating", "5"), ("author", "Ann"), ("content", "Nice plate"))).Status);
        Assert.Equal(2, (await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").GetArrayLength());
        // Every product reviewed: the link grants no more uploads.
        using (var usedUp = await env.Server.Http.GetAsync($"/review/{token}/upload-policy?content_type=image/png"))
        {
            Assert.Equal(HttpStatusCode.NotFound, usedUp.StatusCode);
        }
    }

    [Fact]
    public async Task A_link_for_one_order_cannot_review_another_and_tampered_expired_or_misused_tokens_are_refused()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await SetUpAsync(env);
        using var visitor = new Visitor(env.Server.BaseAddress);
        var link = StarLink(env, rating: 5);
        var token = TokenOf(link);
        var page = await visitor.GetAsync(link);

        // Order 1002 (another customer) has product P3; 1001's link cannot reach it.
        var other = await visitor.PostAsync(page, "P3", ("rating", "5"), ("author", "Mallory"), ("content", "Not mine"));
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Contains("not part of this order", other.Html, StringComparison.Ordinal);

        // One changed character, a token cut short, a made-up one, another link's token (the pixel's), and an expired one.
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var pixelToken = Regex.Match(env.Smtp.Messages[0].HtmlBody!, "/emails/open/(?<t>[^\"]+)\\.gif").Groups["t"].Value;
        var expired = ExpiredToken(env, token);
        foreach (var bad in new[] { tampered, token[..^5], "hello", pixelToken, expired, new string('A', 5000) })
        {
            var refused = await visitor.GetAsync("/review/" + bad);
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Contains("This review link is not valid", refused.Html, StringComparison.Ordinal);
            var posted = await visitor.PostToAsync("/review/" + bad, page, "P1", ("rating", "5"), ("author", "X"), ("content", "Y"));
            Assert.Equal(HttpStatusCode.NotFound, posted.Status);
            using var policy = await env.Server.Http.GetAsync($"/review/{bad}/upload-policy");
            Assert.Equal(HttpStatusCode.NotFound, policy.StatusCode);
        }

        // No antiforgery token (a cross-site form), and broken input: refused, never a 500.
        using (var bare = new HttpClient { BaseAddress = env.Server.BaseAddress })
        {
            using var crossSite = await bare.PostAsync("/review/" + token, new FormUrlEncodedContent([new("product", "P1"), new("rating", "5"), new("author", "X"), new("content", "Y")]));
            Assert.Equal(HttpStatusCode.BadRequest, crossSite.StatusCode);
            using var json = await bare.PostAsync("/review/" + token, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        }
        foreach (var (field, value) in new[] { ("rating", "6"), ("rating", "-1"), ("content", ""), ("content", "nul\0here"), ("author", new string('a', 101)), ("media", "javascript:alert(1)") })
        {
            var fields = new List<(string, string)> { ("rating", "5"), ("author", "Ann"), ("content", "Fine") };
            fields.RemoveAll(f => f.Item1 == field);
            fields.Add((field, value));
            var refused = await visitor.PostAsync(page, "P1", [.. fields]);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{field}={value}: {refused.Status}");
        }
        var six = await visitor.PostAsync(page, "P1", ("rating", "5"), ("author", "Ann"), ("content", "Fine"),
            ("media", "https://a.example/1.jpg"), ("media", "https://a.example/2.jpg"), ("media", "https://a.example/3.jpg"),
            ("media", "https://a.example/4.jpg"), ("media", "https://a.example/5.jpg"), ("media", "https://a.example/6.jpg"));
        Assert.Equal(HttpStatusCode.BadRequest, six.Status);
        Assert.Equal(0, (await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").GetArrayLength());
    }

    [Fact]
    public async Task The_storefront_accepts_an_email_links_token_as_proof_of_purchase_for_its_products_only()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (shop, api) = await SetUpAsync(env);
        var token = TokenOf(StarLink(env, rating: 5));
        async Task<HttpResponseMessage> SubmitAsync(string productId, string reviewToken) =>
            await env.Server.Http.PostAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}", JsonContent(new
            {
                product_id = productId, rating = 5, author = "Ann", author_email = "ann@example.com", content = "Lovely " + productId, review_token = reviewToken,
            }));
        using (var refused = await SubmitAsync("P3", token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using (var accepted = await SubmitAsync("P2", token))
        {
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        }
        var review = Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        Assert.Equal(1, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("1001", review.GetProperty("order_id").GetString());

        // The same link again (say, forwarded, under another name): one verified review per product of the order, not per submission.
        using (var again = await SubmitAsync("P2", token))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        // And the form, reached from the same link, shows P2 as reviewed and takes no second one.
        using var visitor = new Visitor(env.Server.BaseAddress);
        var page = await visitor.GetAsync(StarLink(env, rating: 5));
        var onForm = await visitor.PostAsync(page, "P2", ("rating", "5"), ("author", "Ann"), ("content", "Again"));
        Assert.NotEqual(HttpStatusCode.Created, onForm.Status);
        Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());

        // Once the shop is uninstalled its links verify nothing, here as on the form: P1, not yet reviewed, is refused.
        await env.Server.ExecuteAsync(services => services.GetRequiredService<PlatformGrants>().UninstallAsync(shop.Id, CancellationToken.None));
        using (var uninstalled = await SubmitAsync("P1", token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, uninstalled.StatusCode);
        }
    }

    [Fact]
    public async Task A_video_uploads_under_the_links_permission_and_arrives_as_the_reviews_one_video()
    {
        await using var env = await EmailTestServer.StartAsync();
        var (_, api) = await SetUpAsync(env);
        using var visitor = new Visitor(env.Server.BaseAddress);
        var link = StarLink(env, rating: 5);
        var token = TokenOf(link);
        var page = await visitor.GetAsync(link);
        Assert.Contains("accept=\"video/mp4,video/quicktime,video/webm\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("media-src blob:", page.Csp, StringComparison.Ordinal);

        var first = await UploadVideoAsync(env, token);
        var second = await UploadVideoAsync(env, token);

        // Hostile grants: a made-up token, no size, a size past Media:MaxVideoBytes, a negative one.
        using (var forged = await env.Server.Http.GetAsync($"/review/x{token[1..]}/video-upload?file_name=a.mp4&file_size=10"))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
        foreach (var query in new[] { "file_name=a.mp4", "file_name=a.mp4&file_size=209715201", "file_name=a.mp4&file_size=-5", "file_size=10&file_name=" + new string('a', 300) })
        {
            using var refused = await env.Server.Http.GetAsync($"/review/{token}/video-upload?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid_argument", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        // Two videos are one too many; one video and a photo's worth of room is fine.
        var two = await visitor.PostAsync(page, "P1", ("rating", "5"), ("author", "Ann"), ("content", "Look"), ("media", first), ("media", second));
        Assert.Equal(HttpStatusCode.BadRequest, two.Status);
        Assert.Contains("at most one video", two.Html, StringComparison.Ordinal);
        var posted = await visitor.PostAsync(page, "P1", ("rating", "5"), ("author", "Ann"), ("content", "Look at it spin"), ("media", first));
        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);

        var review = Assert.Single((await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray());
        var media = Assert.Single(review.GetProperty("media").EnumerateArray());
        Assert.Equal(first, media.GetProperty("url").GetString());
        Assert.Equal(2, media.GetProperty("type").GetInt32());

        // Once every product of the order is reviewed, the link grants no more uploads.
        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.PostAsync(page, "P2", ("rating", "4"), ("author", "Ann"), ("content", "Nice plate"))).Status);
        using var spent = await env.Server.Http.GetAsync($"/review/{token}/video-upload?file_name=a.mp4&file_size=10");
        Assert.Equal(HttpStatusCode.NotFound, spent.StatusCode);
    }

    /// <summary>Asks the form's video grant for a small MP4 and PUTs it there, as the page's script does; returns its URL.</summary>
    private static async Task<string> UploadVideoAsync(EmailTestServer env, string token)
    {
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), 0, 0, 0, 0, .. new byte[64]];
        using var answer = await env.Server.Http.GetAsync($"/review/{token}/video-upload?file_name=clip.mp4&file_size={mp4.Length}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var grant = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PUT", grant.GetProperty("method").GetString());
        using var put = new HttpRequestMessage(HttpMethod.Put, grant.GetProperty("upload_url").GetString()) { Content = new ByteArrayContent(mp4) };
        put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp4");
        using var sent = await env.Server.Http.SendAsync(put);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        return grant.GetProperty("media_url").GetString()!;
    }

    internal static async Task<(TestShop Shop, PlauditClient Api)> SetUpAsync(EmailTestServer env)
    {
        var (shop, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 0, reminder_days = 0 });
        (await api.PostAsync(Api + "import_orders", new
        {
            orders = new object[]
            {
                new { order_id = "1001", order_number = "1001", customer_name = "Ann Lee", customer_email = "ann@example.com",
                    products = new[] { new { product_id = "P1", title = "Blue mug" }, new { product_id = "P2", title = "Red plate" } } },
                new { order_id = "1002", customer_email = "bob@example.com", products = new[] { new { product_id = "P3", title = "Teapot" } } },
            },
        })).AssertOk();
        Assert.Equal(2, await env.SendDueAsync());
        return (shop, api);
    }

    /// <summary>Ann's message (order 1001): the first product's star link.</summary>
    internal static string StarLink(EmailTestServer env, int rating)
    {
        var ann = env.Smtp.Messages.Single(m => ((MimeKit.MailboxAddress)m.To[0]).Address == "ann@example.com");
        var link = Regex.Match(ann.HtmlBody!, $"href=\"(?<url>[^\"]*/review/[^\"]*rating={rating}[^\"]*)\"").Groups["url"].Value;
        return WebUtility.HtmlDecode(link);
    }

    private static string TokenOf(string link) => new Uri(link).AbsolutePath["/review/".Length..];

    /// <summary>The same token content, protected 61 days ago with a 60-day lifetime.</summary>
    private static string ExpiredToken(EmailTestServer env, string token)
    {
        var services = env.Server.Services;
        var links = services.GetRequiredService<EmailLinks>();
        var content = links.Read(token, EmailLinkPurpose.ReviewForm)!;
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-61));
        var old = new EmailLinks(services.GetRequiredService<IDataProtectionProvider>(), services.GetRequiredService<EmailLinkKeys>(), services.GetRequiredService<PublicUrl>(),
            services.GetRequiredService<IOptions<EmailOptions>>(), past);
        return old.Protect(content, EmailLinkPurpose.ReviewForm);
    }

    private static async Task<JsonElement> OrderAsync(PlauditClient api) =>
        (await api.GetAsync(Api + "get_orders")).AssertOk().GetProperty("list").EnumerateArray().Single(o => o.GetProperty("id").GetString() == "1001");

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>A browser without script: keeps cookies, does not follow redirects, posts a page's form with its antiforgery token.</summary>
    internal sealed partial class Visitor(Uri baseAddress) : IDisposable
    {
        private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

        public async Task<Page> GetAsync(string url) => await Page.FromAsync(await _http.GetAsync(url), url);

        public Task<Page> PostAsync(Page page, string productId, params (string Name, string Value)[] fields) =>
            PostToAsync(page.Action, page, productId, fields);

        public async Task<Page> PostToAsync(string action, Page page, string productId, params (string Name, string Value)[] fields)
        {
            var values = new List<KeyValuePair<string, string>> { new(page.AntiforgeryField, page.AntiforgeryToken), new("product", productId) };
            values.AddRange(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
            return await Page.FromAsync(await _http.PostAsync(action, new FormUrlEncodedContent(values)), action);
        }

        public void Dispose() => _http.Dispose();
    }

    internal sealed partial record Page(HttpStatusCode Status, string Html, Uri? Location, string Csp)
    {
        public static async Task<Page> FromAsync(HttpResponseMessage response, string url)
        {
            using (response)
            {
                var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(" ", values) : "";
                return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location, csp);
            }
        }

        public string Action => WebUtility.HtmlDecode(FormAction().Match(Html).Groups["action"].Value).Split('#')[0];

        public string AntiforgeryField => WebUtility.HtmlDecode(Antiforgery().Match(Html).Groups["name"].Value);

        public string AntiforgeryToken => WebUtility.HtmlDecode(Antiforgery().Match(Html).Groups["value"].Value);

        [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\"")]
        private static partial Regex FormAction();

        [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
        private static partial Regex Antiforgery();
    }
}
