using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Widget;

/// <summary>The widget in Firefox (firefox-esr over WebDriver BiDi): what the Chromium tests check, on the same seeded shop.</summary>
[Collection(ServerCollection.Name)]
public sealed class WidgetFirefoxTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Fact]
    public async Task In_Firefox_the_widget_shows_filters_sorts_pages_and_takes_a_review_with_a_photo()
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var (shop, domain) = await WidgetBrowserTests.SeededShopAsync(server);

        var seen = await FirefoxProductPage.RunShopperAsync(server, shop, domain,
            """<h1>Walnut desk</h1><plaudit-stars product-id="P1"></plaudit-stars><p>A sturdy desk.</p><plaudit-reviews product-id="P1"></plaudit-reviews>""");

        Assert.False(seen.TryGetProperty("failed", out var failed), $"{failed}; seen so far: {seen}");
        Assert.StartsWith("firefox/", Text(seen, "userAgent"), StringComparison.Ordinal);
        // Summary, stars, reviews, photos and the shop's reply.
        Assert.Contains("Based on 7 reviews", Text(seen, "summary"), StringComparison.Ordinal);
        Assert.Equal(5, seen.GetProperty("reviewsShown").GetInt32());
        Assert.Equal("5 ★ stars, 2 reviews", Text(seen, "firstHistogramRow"));
        Assert.Equal("false", Text(seen, "firstHistogramPressed"));
        Assert.Equal("(7)", Text(seen, "starsCount"));
        Assert.Equal("Rated 3.86 out of 5, 7 reviews", Text(seen, "starsLabel"));
        Assert.True(seen.GetProperty("replyShown").GetBoolean());
        Assert.Contains("Verified buyer", Text(seen, "verified"), StringComparison.Ordinal);
        Assert.Equal(2, seen.GetProperty("photos").GetInt32());
        Assert.Equal(8, seen.GetProperty("photoNaturalWidth").GetInt32());
        // Hostile review text stays text.
        Assert.True(seen.GetProperty("hostileTextShown").GetBoolean());
        Assert.Equal(0, seen.GetProperty("hostileElements").GetInt32());
        Assert.False(seen.GetProperty("pwned").GetBoolean());
        // The lightbox: arrow keys move, Escape closes.
        Assert.Equal("Photo 1 of 2, by Ana", Text(seen, "lightboxCaption"));
        Assert.Equal("Photo 2 of 2, by Ana", Text(seen, "lightboxCaptionAfterArrow"));
        // Paging, the star filter and sorting.
        Assert.Equal(7, seen.GetProperty("reviewsAfterMore").GetInt32());
        Assert.Equal("Showing 7 of 7 reviews.", Text(seen, "statusAfterMore"));
        Assert.Equal("Showing 3 of 3 reviews with 4 stars.", Text(seen, "statusFiltered"));
        Assert.Equal("Ben,Fay,Gus", string.Join(",", seen.GetProperty("authorsFiltered").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal("true", Text(seen, "filterPressed"));
        Assert.Equal("Showing 5 of 7 reviews.", Text(seen, "statusUnfiltered"));
        Assert.Equal("Cy", Text(seen, "firstWhenLowest"));
        Assert.Equal("Gus", Text(seen, "firstWhenOldest"));
        // The review with its photo reached the merchant's API, and the widget's events their batch.
        Assert.Contains("Thank you!", Text(seen, "submitted"), StringComparison.Ordinal);
        Assert.Equal(202, seen.GetProperty("eventsBatchStatus").GetInt32());
        var stored = (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray()
            .Single(r => r.GetProperty("author").GetString() == "Ines");
        Assert.Equal(4, stored.GetProperty("rating").GetInt32());
        Assert.Equal("Firefox <b>too</b>", stored.GetProperty("title").GetString());
        var photo = stored.GetProperty("media").EnumerateArray().Single().GetProperty("url").GetString()!;
        using var uploaded = await server.Http.GetAsync(new Uri(photo));
        Assert.Equal(TestArtifacts.Png, await uploaded.Content.ReadAsByteArrayAsync());
        var types = (await shop.Client.GetAsync(Api + "get_customer_events")).AssertOk().GetProperty("list").EnumerateArray()
            .Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Contains("VIEW_WIDGET", types);
        Assert.Contains("SUBMIT_REVIEW", types);
    }

    private static string? Text(JsonElement seen, string name) => seen.TryGetProperty(name, out var value) ? value.ToString() : null;
}
