using System.Net;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Dashboard;

/// <summary>The reviews page against a hostile merchant and hostile URLs: another shop's reviews stay out of reach, and no query string breaks the page.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReviewsPageAttackTests(Servers servers)
{
    private const string Page = "/merchant/reviews";

    [Fact]
    public async Task Another_merchant_cannot_publish_reply_to_or_delete_this_shops_reviews_by_their_ids()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var owner = await DashboardShop.SeedAsync(server);
        var ownerIds = (await ShopReviews.ByAuthorAsync(owner.Shop)).ToDictionary(r => r.Key, r => r.Value.Id());
        var gus = ownerIds["Gus"];
        var other = await DashboardShop.SeedAsync(server, "Other Shop");

        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(other.Email, other.Password);
        var page = await browser.GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.All(ownerIds.Values, id => Assert.DoesNotContain($"value=\"{id}\"", page.Html, StringComparison.Ordinal));
        // A cursor from the other shop is no cursor: the page starts from the top, with this shop's reviews only.
        var paged = await browser.GetAsync($"{Page}?before={gus}");
        Assert.Equal(HttpStatusCode.OK, paged.Status);
        Assert.All(ownerIds.Values, id => Assert.DoesNotContain($"value=\"{id}\"", paged.Html, StringComparison.Ordinal));

        Dictionary<string, string> Form(string name) =>
            page.Forms().Single(f => f.Hidden.Any(h => h.Key == "_handler" && h.Value == name)).Hidden.ToDictionary();

        foreach (var action in new[] { "publish", "feature", "pin" })
        {
            var bulk = Form("bulk").Append(KeyValuePair.Create("action", action)).Concat(ownerIds.Values.Select(id => KeyValuePair.Create("id", id)));
            var answer = await browser.PostFormAsync(Page, bulk);
            Assert.Equal(HttpStatusCode.Redirect, answer.Status);
            Assert.Contains($"done={action}&count=0", answer.Location!.OriginalString, StringComparison.Ordinal);
        }
        var tagged = await browser.PostFormAsync(Page, Form("bulk").Concat([KeyValuePair.Create("action", "tag"), KeyValuePair.Create("tag", "pwned"), KeyValuePair.Create("id", gus)]));
        Assert.Contains("done=tag&count=0", tagged.Location!.OriginalString, StringComparison.Ordinal);

        var reply = Form("reply");
        reply["id"] = gus;
        reply[$"reply-{gus}"] = "pwned";
        var replied = await browser.PostFormAsync(Page, reply);
        Assert.Equal(HttpStatusCode.Redirect, replied.Status);
        Assert.Contains("done=error-missing", replied.Location!.OriginalString, StringComparison.Ordinal);

        var delete = Form("delete");
        delete["id"] = gus;
        var deleted = await browser.PostFormAsync(Page, delete);
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        Assert.Contains("done=error-missing", deleted.Location!.OriginalString, StringComparison.Ordinal);

        var after = await ShopReviews.ByAuthorAsync(owner.Shop);
        Assert.Equal(8, after.Count);
        Assert.False(after["Gus"].Bit("is_published"));
        Assert.All(after.Values, r => Assert.False(r.Bit("is_featured") || r.Bit("is_top")));
        Assert.All(after.Values, r => Assert.Equal("", r.GetProperty("tag").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after["Gus"].GetProperty("reply").ValueKind);
    }

    [Fact]
    public async Task Without_a_session_the_page_sends_to_sign_in()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        using var browser = new Browser(server.BaseAddress);
        var page = await browser.GetAsync($"{Page}?status=pending");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/merchant/sign-in", page.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("?rating=abc&before=-1&status=<script>")]
    [InlineData("?rating=9&before=99999999999999999999999&verified=maybe&media=1&done=<b>x</b>&count=-5")]
    [InlineData("?rating=-3&before=1e3&status=Published&q=&tag=%20&product=&rating=4")]
    public async Task Nonsense_in_the_query_string_is_ignored_and_the_page_answers_200(string query)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var page = await browser.GetAsync(Page + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Reviews</h1>", page.Html, StringComparison.Ordinal);
        // Every filter fell away: all eight reviews, and no notice made from the URL.
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Count(page.Html, "class=\"review-item\""));
        Assert.DoesNotContain("role=\"status\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_filter_text_is_cut_not_refused()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var merchant = await DashboardShop.SeedAsync(server);
        using var browser = new Browser(server.BaseAddress);
        await browser.SignInAsync(merchant.Email, merchant.Password);

        var page = await browser.GetAsync($"{Page}?q={new string('%', 3000)}&product={new string('x', 500)}&tag={Uri.EscapeDataString(new string('<', 300))}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("No reviews match these filters.", page.Html, StringComparison.Ordinal);
    }
}
