using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Plaudit.Client;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Emails;

/// <summary>
/// A storefront review whose email matches an order becomes verified only through a confirmation link
/// mailed to the order's address: never by the email alone, never by a link for another review or shop.
/// </summary>
public sealed partial class ReviewConfirmationTests
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_storefront_review_matching_an_order_is_verified_only_once_its_confirmation_link_is_posted(DatabaseProvider provider)
    {
        await using var env = await StartAsync(provider);
        var (shop, api) = await SetUpAsync(env);

        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "Ann@Example.com", "Holds a lot of tea."));
        var review = Assert.Single(await ReviewsAsync(api));
        Assert.Equal(0, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("", review.GetProperty("order_id").GetString());

        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);
        Assert.Equal("ann@example.com", ((MailboxAddress)message.To[0]).Address);
        Assert.Equal("Confirm your review for Mugs & Co", message.Subject);
        Assert.Contains("Blue mug", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var link = ConfirmLink(message);

        Assert.Contains("Holds a lot of tea.", message.HtmlBody, StringComparison.Ordinal);

        // A mail scanner's GET shows the review and its button and changes nothing.
        using (var page = await env.Server.Http.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<button type=\"submit\" id=\"confirm-", html, StringComparison.Ordinal);
            Assert.Contains("Holds a lot of tea.", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, Assert.Single(await ReviewsAsync(api)).GetProperty("is_verified").GetInt32());

        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, link));
        review = Assert.Single(await ReviewsAsync(api));
        Assert.Equal(1, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("1001", review.GetProperty("order_id").GetString());
        Assert.Equal("storefront", review.GetProperty("source").GetString());
        Assert.Equal(1, await UpdatedEventsAsync(env));

        // Twice is harmless: still verified, no second event.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, link));
        Assert.Equal(1, Assert.Single(await ReviewsAsync(api)).GetProperty("is_verified").GetInt32());
        Assert.Equal(1, await UpdatedEventsAsync(env));
        Assert.Equal(0, await env.SendDueAsync());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_review_submitted_in_a_buyers_name_stays_unverified_when_the_buyer_confirms_their_own(DatabaseProvider provider)
    {
        await using var env = await StartAsync(provider);
        var (shop, api) = await SetUpAsync(env);

        // The attacker knows Ann bought the blue mug and reviews it as her; then Ann reviews her plate.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", "ATTACKER WROTE THIS <b>buy elsewhere</b>"));
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P2", "ann@example.com", "Mine: a sturdy plate."));
        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);

        // Ann sees each review's own words (encoded, never markup) and confirms only the one she wrote.
        Assert.Contains("ATTACKER WROTE THIS &lt;b&gt;buy elsewhere&lt;/b&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Mine: a sturdy plate.", message.HtmlBody, StringComparison.Ordinal);
        var hers = ConfirmLinkFor(message, "Mine: a sturdy plate.");
        using (var page = await env.Server.Http.GetAsync(hers))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Mine: a sturdy plate.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("ATTACKER WROTE THIS", html, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, hers));

        var reviews = await ReviewsAsync(api);
        Assert.Equal(1, reviews.Single(r => r.GetProperty("content").GetString() == "Mine: a sturdy plate.").GetProperty("is_verified").GetInt32());
        Assert.Equal(0, reviews.Single(r => r.GetProperty("content").GetString()!.StartsWith("ATTACKER", StringComparison.Ordinal)).GetProperty("is_verified").GetInt32());
        Assert.Equal(1, await UpdatedEventsAsync(env));
    }

    [Fact]
    public async Task A_flood_of_reviews_in_the_buyers_name_does_not_push_the_buyers_own_out_of_the_email()
    {
        await using var env = await StartAsync();
        var (shop, _) = await SetUpAsync(env);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P2", "ann@example.com", "Mine: a sturdy plate."));
        for (var i = 0; i < ReviewConfirmations.MaxPending + 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", $"ATTACKER WROTE THIS {i}"));
        }
        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);
        Assert.Equal(ReviewConfirmations.MaxPending, ConfirmUrl().Count(message.TextBody!));
        Assert.Contains("Mine: a sturdy plate.", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, ConfirmLinkFor(message, "Mine: a sturdy plate.")));
        Assert.Equal(["Mine: a sturdy plate."], await env.Server.QueryAsync(db => db.Reviews.Where(r => r.IsVerified).Select(r => r.Content).ToListAsync()));
    }

    [Fact]
    public async Task A_review_whose_email_matches_no_order_for_its_product_gets_no_email_and_stays_unverified()
    {
        await using var env = await StartAsync();
        var (shop, api) = await SetUpAsync(env);

        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "mallory@example.com", "Never bought it"));
        // Ann's address, but a product she did not order.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P3", "ann@example.com", "Not in my order"));
        Assert.Equal(0, await env.SendDueAsync());
        Assert.Empty(env.Smtp.Messages);
        Assert.Equal(0, await env.Server.QueryAsync(db => db.ReviewEmails.CountAsync(e => e.Kind == ReviewEmailKind.Confirmation)));
        Assert.All(await ReviewsAsync(api), r => Assert.Equal(0, r.GetProperty("is_verified").GetInt32()));
    }

    [Fact]
    public async Task Tampered_expired_misused_and_other_shops_or_reviews_tokens_confirm_nothing()
    {
        await using var env = await StartAsync();
        var (shop, api) = await SetUpAsync(env);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", "First review"));
        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);
        var token = TokenOf(ConfirmLink(message));
        var links = env.Server.Services.GetRequiredService<EmailLinks>();
        var content = links.Read(token, EmailLinkPurpose.ConfirmReview)!;

        // A second review by the same address, submitted after the email: the first link does not name it.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P2", "ann@example.com", "Second review"));
        var secondId = long.Parse(
            (await ReviewsAsync(api)).Single(r => r.GetProperty("content").GetString() == "Second review").GetProperty("id").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);

        // Another shop with its own order for Ann: a token naming it cannot reach the first shop's review, and vice versa.
        var (_, otherApi) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 30 });
        (await otherApi.PostAsync(Api + "import_orders", new { orders = new[] { new { order_id = "9001", customer_email = "ann@example.com", products = new[] { new { product_id = "P1" } } } } })).AssertOk();
        var otherOrder = await env.Server.QueryAsync(db => db.Orders.SingleAsync(o => o.OrderId == "9001"));

        var tampered = token[..12] + (token[12] == 'A' ? 'B' : 'A') + token[13..];
        var unsubscribeToken = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).Segments[^1];
        var expired = ExpiredToken(env, content);
        var otherShop = links.Protect(content with { ShopId = otherOrder.ShopId, OrderRowId = otherOrder.Id }, EmailLinkPurpose.ConfirmReview);
        var otherReview = links.Protect(content with { ReviewIds = [secondId] }, EmailLinkPurpose.ConfirmReview);
        var reviewFormToken = links.Protect(content, EmailLinkPurpose.ReviewForm);
        foreach (var bad in new[] { tampered, token[..^4], "nope", unsubscribeToken, reviewFormToken, expired, new string('A', 5000) })
        {
            using var page = await env.Server.Http.GetAsync("/emails/confirm/" + bad);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, await PostAsync(env, "/emails/confirm/" + bad));
        }
        // Signed by this server (no attacker can make these): still nothing, as the shop and the reviews are checked again.
        foreach (var wrongTarget in new[] { otherShop, otherReview })
        {
            Assert.Equal(HttpStatusCode.NotFound, await PostAsync(env, "/emails/confirm/" + wrongTarget));
        }
        Assert.All(await ReviewsAsync(api), r => Assert.Equal(0, r.GetProperty("is_verified").GetInt32()));
        Assert.Equal(0, await UpdatedEventsAsync(env));

        // A link naming both (as emails before per-review links did) confirms none without the page's choice of one.
        var both = links.Protect(content with { ProductIds = ["P1", "P2"], ReviewIds = [content.ReviewIds![0], secondId] }, EmailLinkPurpose.ConfirmReview);
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(env, "/emails/confirm/" + both));
        Assert.All(await ReviewsAsync(api), r => Assert.Equal(0, r.GetProperty("is_verified").GetInt32()));

        // The real link confirms the review it names and only that one.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, "/emails/confirm/" + token));
        var reviews = await ReviewsAsync(api);
        Assert.Equal(1, reviews.Single(r => r.GetProperty("content").GetString() == "First review").GetProperty("is_verified").GetInt32());
        Assert.Equal(0, reviews.Single(r => r.GetProperty("content").GetString() == "Second review").GetProperty("is_verified").GetInt32());

        // The several-review link's page shows each review with its own button; the one chosen is confirmed.
        using (var page = await env.Server.Http.GetAsync("/emails/confirm/" + both))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("First review", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"confirm-{secondId}\"", html, StringComparison.Ordinal);
        }
        using (var chosen = await env.Server.Http.PostAsync("/emails/confirm/" + both,
            new FormUrlEncodedContent([new("review", secondId.ToString(System.Globalization.CultureInfo.InvariantCulture))])))
        {
            Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        }
        Assert.All(await ReviewsAsync(api), r => Assert.Equal(1, r.GetProperty("is_verified").GetInt32()));
    }

    [Fact]
    public async Task A_second_review_re_arms_the_orders_confirmation_but_not_sooner_than_the_minimum_interval()
    {
        await using var env = await StartAsync();
        var (shop, api) = await SetUpAsync(env);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", "First review"));
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P2", "ann@example.com", "Second review"));
        Assert.Equal(0, await env.SendDueAsync());

        env.Clock.Advance(ReviewConfirmations.MinInterval);
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Equal(2, env.Smtp.Messages.Count);
        Assert.NotEqual(env.Smtp.Messages[0].MessageId, env.Smtp.Messages[1].MessageId);
        // The second email shows both reviews still waiting, each with its own link: a click verifies that one alone.
        var second = env.Smtp.Messages[1];
        Assert.Equal(2, ConfirmUrl().Count(second.TextBody!));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, ConfirmLinkFor(second, "Second review")));
        var reviews = await ReviewsAsync(api);
        Assert.Equal(0, reviews.Single(r => r.GetProperty("content").GetString() == "First review").GetProperty("is_verified").GetInt32());
        Assert.Equal(1, reviews.Single(r => r.GetProperty("content").GetString() == "Second review").GetProperty("is_verified").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, ConfirmLinkFor(second, "First review")));
        Assert.All(await ReviewsAsync(api), r => Assert.Equal(1, r.GetProperty("is_verified").GetInt32()));
        Assert.Equal(2, await UpdatedEventsAsync(env));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_cancelled_earlier_order_does_not_hide_a_later_valid_one_from_the_confirmation(DatabaseProvider provider)
    {
        await using var env = await StartAsync(provider);
        var (shop, api) = await SetUpAsync(env);
        // Ann's first order of the blue mug, long before 1001, was cancelled.
        (await api.PostAsync(Api + "import_orders", new
        {
            orders = new[] { new { order_id = "0999", customer_email = "ann@example.com", status = "cancelled", ordered_at = "2020-01-01T00:00:00Z",
                products = new[] { new { product_id = "P1", title = "Blue mug" } } } },
        })).AssertOk();

        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", "Holds a lot of tea."));
        Assert.Equal(1, await env.SendDueAsync());
        var message = Assert.Single(env.Smtp.Messages);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(env, ConfirmLink(message)));
        var review = Assert.Single(await ReviewsAsync(api));
        Assert.Equal(1, review.GetProperty("is_verified").GetInt32());
        Assert.Equal("1001", review.GetProperty("order_id").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_storefront_review_is_stored_only_together_with_its_confirmation_email(DatabaseProvider provider)
    {
        await using var env = await StartAsync(provider);
        var (shop, api) = await SetUpAsync(env);

        // The database refuses the confirmation row, standing in for a crash between storing the review and
        // queueing its email: the review must not be left stored, unverified, with no email to confirm it.
        await RefuseConfirmationsAsync(env, refuse: true);
        using (var response = await env.Server.Http.PostAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}",
            new StringContent(JsonSerializer.Serialize(new { product_id = "P1", rating = 5, author = "Ann", author_email = "ann@example.com", content = "Lost?" }),
                System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("internal_server_error", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }
        Assert.Empty(await ReviewsAsync(api));

        // A review that asks for no confirmation is untouched by it.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "mallory@example.com", "Never bought it"));
        Assert.Single(await ReviewsAsync(api));

        await RefuseConfirmationsAsync(env, refuse: false);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(env, shop, "P1", "ann@example.com", "Holds a lot of tea."));
        Assert.Equal(2, (await ReviewsAsync(api)).Count);
        Assert.Equal(1, await env.SendDueAsync());
        Assert.Equal("ann@example.com", ((MailboxAddress)Assert.Single(env.Smtp.Messages).To[0]).Address);
    }

    /// <summary>A trigger that makes the database refuse every confirmation row (or stops it).</summary>
    private static Task<int> RefuseConfirmationsAsync(EmailTestServer env, bool refuse) => env.Server.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
        (env.Server.Provider, refuse) switch
        {
            (DatabaseProvider.Sqlite, true) =>
                "CREATE TRIGGER refuse_confirmations BEFORE INSERT ON review_emails WHEN NEW.kind = 'confirmation' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            (DatabaseProvider.Sqlite, false) => "DROP TRIGGER refuse_confirmations",
            (_, true) => """
                CREATE FUNCTION refuse_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
                CREATE TRIGGER refuse_confirmations BEFORE INSERT ON review_emails FOR EACH ROW WHEN (NEW.kind = 'confirmation') EXECUTE FUNCTION refuse_confirmation();
                """,
            (_, false) => "DROP TRIGGER refuse_confirmations ON review_emails",
        }));

    private static Task<EmailTestServer> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        EmailTestServer.StartAsync(provider, false, ("Storefront:SubmissionsPerMinute", "100"), ("Emails:LinkRequestsPerMinute", "1000"));

    /// <summary>Ann's order 1001 (P1, P2) and Bob's 1002 (P3); their requests are not due for a month.</summary>
    private static async Task<(TestShop Shop, PlauditClient Api)> SetUpAsync(EmailTestServer env)
    {
        var (shop, api) = await env.CreateShopAsync(new { window_start = "00:00", window_end = "24:00", days_after_order = 30 });
        (await api.PostAsync(Api + "import_orders", new
        {
            orders = new object[]
            {
                new { order_id = "1001", customer_name = "Ann Lee", customer_email = "ann@example.com",
                    products = new[] { new { product_id = "P1", title = "Blue mug" }, new { product_id = "P2", title = "Red plate" } } },
                new { order_id = "1002", customer_email = "bob@example.com", products = new[] { new { product_id = "P3", title = "Teapot" } } },
            },
        })).AssertOk();
        return (shop, api);
    }

    private static async Task<HttpStatusCode> SubmitAsync(EmailTestServer env, TestShop shop, string productId, string email, string content)
    {
        using var response = await env.Server.Http.PostAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}",
            new StringContent(JsonSerializer.Serialize(new { product_id = productId, rating = 5, author = "Ann", author_email = email, content }),
                System.Text.Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostAsync(EmailTestServer env, string url)
    {
        using var response = await env.Server.Http.PostAsync(url, new FormUrlEncodedContent([]));
        return response.StatusCode;
    }

    private static async Task<List<JsonElement>> ReviewsAsync(PlauditClient api) =>
        [.. (await api.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray()];

    private static Task<int> UpdatedEventsAsync(EmailTestServer env) =>
        env.Server.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.Topic == "review/updated"));

    private static string ConfirmLink(MimeMessage message) => ConfirmUrl().Match(message.TextBody!).Value;

    /// <summary>The confirmation link that follows a review's text in the plain-text part (the first link when no text is shown).</summary>
    private static string ConfirmLinkFor(MimeMessage message, string content)
    {
        var at = Math.Max(0, message.TextBody!.IndexOf(content, StringComparison.Ordinal));
        return ConfirmUrl().Match(message.TextBody, at).Value;
    }

    private static string TokenOf(string link) => new Uri(link).Segments[^1];

    /// <summary>The same content, protected eight days ago with the seven-day confirmation lifetime.</summary>
    private static string ExpiredToken(EmailTestServer env, EmailLinkToken content)
    {
        var services = env.Server.Services;
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-8));
        var old = new EmailLinks(services.GetRequiredService<IDataProtectionProvider>(), services.GetRequiredService<EmailLinkKeys>(), services.GetRequiredService<PublicUrl>(),
            services.GetRequiredService<IOptions<EmailOptions>>(), past);
        return old.Protect(content, EmailLinkPurpose.ConfirmReview);
    }

    [GeneratedRegex(@"http://[^\s]+/emails/confirm/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmUrl();
}
