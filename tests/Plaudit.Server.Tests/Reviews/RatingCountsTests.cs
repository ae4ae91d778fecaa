using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Reviews;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Reviews;

/// <summary>
/// Ratings are read from counts kept in the transaction of each review change; after any mix of
/// changes they must equal what counting the published reviews gives, also under concurrent writers.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RatingCountsTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Counts_follow_creates_moderation_and_deletes(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var ids = new List<string>();
        foreach (var (product, rating, published) in new[] { ("A", 5, 1), ("A", 3, 1), ("A", 1, 0), ("B", 4, 1), ("B", 2, 1), ("0", 5, 1), ("C", 5, 0) })
        {
            var created = (await shop.Client.PostAsync(Api + "create_review", new { product_id = product, rating, author = "x", is_published = published })).AssertOk();
            ids.Add(created.GetProperty("id").GetString()!);
        }
        (await shop.Client.PostAsync(Api + "update_review", new { id = ids[2], is_published = 1 })).AssertOk();
        (await shop.Client.PostAsync(Api + "update_review", new { id = ids[0], is_published = 0 })).AssertOk();
        (await shop.Client.PostAsync(Api + "update_review", new { id = ids[3], is_featured = 1, tag = "kept" })).AssertOk();
        (await shop.Client.PostAsync(Api + "reply_review", new { id = ids[4], content = "Thanks" })).AssertOk();
        (await shop.Client.PostAsync(Api + "delete_review", new { id = ids[1] })).AssertOk();
        (await shop.Client.PostAsync(Api + "delete_review", new { id = ids[6] })).AssertOk();

        foreach (var product in new[] { null, "A", "B", "C", "nothing" })
        {
            await AssertMatchesCountedAsync(server, shop, product);
        }
        var a = (await shop.Client.GetAsync(Api + "get_rating", [new("product_id", "A")])).AssertOk();
        Assert.Equal(1, a.GetProperty("review_count").GetInt32());
        Assert.Equal(1, a.GetProperty("star1_count").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Concurrent_writers_on_one_product_all_count(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = "hot", rating = 1 + i % 5, author = $"r{i}", is_published = 1 })).AssertOk()));

        var rating = (await shop.Client.GetAsync(Api + "get_rating", [new("product_id", "hot")])).AssertOk();
        Assert.Equal(24, rating.GetProperty("review_count").GetInt32());
        Assert.Equal(5, rating.GetProperty("star1_count").GetInt32());
        await AssertMatchesCountedAsync(server, shop, null);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Storefront_summary_is_the_same_rating(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        foreach (var rating in new[] { 5, 4, 4, 2 })
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = "S", rating, author = "x", is_published = 1 })).AssertOk();
        }
        var list = await server.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}&product_id=S");
        Assert.Equal("3.75", list.GetProperty("rating").GetProperty("rating_value").GetString());
        Assert.Equal(4, list.GetProperty("page").GetProperty("total").GetInt32());
    }

    private static async Task AssertMatchesCountedAsync(PlauditServer server, TestShop shop, string? product)
    {
        var counted = await server.QueryAsync(db => db.Reviews.Where(r => r.ShopId == shop.Id && r.IsPublished && (product == null || r.ProductId == product))
            .GroupBy(r => r.Rating).Select(g => new { Rating = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Rating, x => x.Count));
        var served = (await shop.Client.GetAsync(Api + "get_rating", product is null ? [] : [new("product_id", product)])).AssertOk();
        Assert.Equal(counted.Values.Sum(), served.GetProperty("review_count").GetInt32());
        for (var star = 1; star <= 5; star++)
        {
            Assert.Equal(counted.GetValueOrDefault(star), served.GetProperty($"star{star}_count").GetInt32());
        }
        var counts = await server.QueryAsync(db => db.RatingCounts.AsNoTracking().FirstOrDefaultAsync(r => r.ShopId == shop.Id && r.ProductId == (product ?? RatingCounts.WholeShop)));
        Assert.Equal(counted.Values.Sum(), counts is null ? 0 : counts.Star1 + counts.Star2 + counts.Star3 + counts.Star4 + counts.Star5);
    }
}
