using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary>
/// The widget's list as shoppers see it, read by plain statements and cached by data version:
/// orders, paging, published media, replies; a change shows at once, and a list whose content did
/// not change keeps its ETag.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StorefrontListTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Sorts_pages_media_and_replies_are_what_the_shopper_sees(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var ids = new Dictionary<string, string>();
        foreach (var (name, rating, day, top) in new[] { ("a", 3, 1, 0), ("b", 5, 2, 0), ("c", 1, 3, 0), ("d", 4, 4, 1), ("e", 2, 5, 0) })
        {
            var created = (await shop.Client.PostAsync(Api + "create_review", new
            {
                product_id = "L", rating, author = name, is_published = 1, is_top = top, commented_at = $"2024-01-0{day}T10:00:00Z",
                media = new object[]
                {
                    new { url = $"https://cdn.example.com/{name}.jpg", thumbnail_url = $"https://cdn.example.com/{name}_t.jpg", type = 1, is_published = 1 },
                    new { url = $"https://cdn.example.com/{name}-hidden.jpg", thumbnail_url = "", type = 1, is_published = 0 },
                },
            })).AssertOk();
            ids[name] = created.GetProperty("id").GetString()!;
        }
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "L", rating = 5, author = "hidden", is_published = 0 })).AssertOk();
        (await shop.Client.PostAsync(Api + "reply_review", new { id = ids["b"], content = "Thanks, B!" })).AssertOk();

        Assert.Equal(["d", "e", "c", "b", "a"], Authors(await ListAsync(server, shop, "sort=newest")));
        Assert.Equal(["d", "a", "b", "c", "e"], Authors(await ListAsync(server, shop, "sort=oldest")));
        Assert.Equal(["d", "b", "a", "e", "c"], Authors(await ListAsync(server, shop, "sort=highest")));
        Assert.Equal(["d", "c", "e", "a", "b"], Authors(await ListAsync(server, shop, "sort=lowest")));
        var second = await ListAsync(server, shop, "sort=newest&page=2&page_size=2");
        Assert.Equal(["c", "b"], Authors(second));
        Assert.Equal(5, second.GetProperty("page").GetProperty("total").GetInt32());
        Assert.Equal(3, second.GetProperty("page").GetProperty("total_page").GetInt32());

        var b = second.GetProperty("reviews")[1];
        Assert.Equal(ids["b"], b.GetProperty("id").GetString());
        Assert.Equal("2024-01-02T10:00:00Z", b.GetProperty("commented_at").GetString());
        Assert.Equal("Thanks, B!", b.GetProperty("reply").GetProperty("content").GetString());
        Assert.Equal("https://cdn.example.com/b.jpg", b.GetProperty("media").EnumerateArray().Single().GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("reviews")[0].GetProperty("reply").ValueKind);
        Assert.Equal("3", second.GetProperty("rating").GetProperty("rating_value").GetString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_change_shows_at_once_and_an_unchanged_list_keeps_its_etag(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var first = (await shop.Client.PostAsync(Api + "create_review", new { product_id = "X", rating = 5, author = "x1", is_published = 1 })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "Y", rating = 4, author = "y1", is_published = 1 })).AssertOk();
        var (xTag, _) = await GetAsync(server, shop, "product_id=X");
        var (yTag, _) = await GetAsync(server, shop, "product_id=Y");

        // A change to product X: X's list shows it at once with a new ETag; Y's list, unchanged, keeps its ETag.
        (await shop.Client.PostAsync(Api + "update_review", new { id = first.GetProperty("id").GetString(), is_published = 0 })).AssertOk();
        var (xTagAfter, xAfter) = await GetAsync(server, shop, "product_id=X");
        Assert.Equal(0, xAfter.GetProperty("reviews").GetArrayLength());
        Assert.NotEqual(xTag, xTagAfter);
        var (yTagAfter, _) = await GetAsync(server, shop, "product_id=Y");
        Assert.Equal(yTag, yTagAfter);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=Y");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", yTag);
        using var notModified = await server.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Lists_are_kept_by_what_they_show_a_pending_review_or_another_product_leaves_them_and_a_reply_refreshes_them(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var shown = (await shop.Client.PostAsync(Api + "create_review", new { product_id = "V", rating = 5, author = "v1", is_published = 1 })).AssertOk();
        var (tag, _) = await GetAsync(server, shop, "product_id=V");
        var before = await VersionAsync(server, shop, "V");
        var shopBefore = await VersionAsync(server, shop, "");

        // Nothing a shopper sees of V changes: a pending review of V, a published review of W.
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "V", rating = 1, author = "pending", is_published = 0 })).AssertOk();
        (await shop.Client.PostAsync(Api + "create_review", new { product_id = "W", rating = 3, author = "w1", is_published = 1 })).AssertOk();
        Assert.Equal(before, await VersionAsync(server, shop, "V"));
        Assert.NotEqual(shopBefore, await VersionAsync(server, shop, ""));
        Assert.Equal(tag, (await GetAsync(server, shop, "product_id=V")).ETag);

        // A reply to V's published review (stored in the review's row, tracked apart) shows at once.
        (await shop.Client.PostAsync(Api + "reply_review", new { id = shown.GetProperty("id").GetString(), content = "Thank you!" })).AssertOk();
        Assert.True(await VersionAsync(server, shop, "V") > before);
        var (tagAfter, list) = await GetAsync(server, shop, "product_id=V");
        Assert.NotEqual(tag, tagAfter);
        Assert.Contains("Thank you!", list.ToString(), StringComparison.Ordinal);
    }

    private static Task<long> VersionAsync(PlauditServer server, TestShop shop, string product) =>
        server.QueryAsync(async db => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.RatingCounts.Where(c => c.ShopId == shop.Id && c.ProductId == product).Select(c => c.Version)));

    private static string[] Authors(JsonElement list) => [.. list.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("author").GetString()!)];

    private static async Task<JsonElement> ListAsync(PlauditServer server, TestShop shop, string query) =>
        (await GetAsync(server, shop, "product_id=L&" + query)).Body;

    private static async Task<(string ETag, JsonElement Body)> GetAsync(PlauditServer server, TestShop shop, string query)
    {
        using var response = await server.Http.GetAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.ETag!.ToString(), await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
