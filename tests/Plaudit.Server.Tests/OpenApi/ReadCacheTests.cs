using Plaudit.Client;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.OpenApi;

public sealed class ReadCacheTests
{
    private const string Api = "/api/v1/openapi/";

    /// <summary>
    /// On SQLite, credentials are kept in memory until the database changes; a change made by any
    /// other writer (here a bare connection, as another process such as a CLI verb would) counts.
    /// </summary>
    [Fact]
    public async Task A_private_token_replaced_by_another_writer_stops_working_at_once()
    {
        await using var server = await PlauditServer.StartAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk();
        (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk();

        var newToken = Plaudit.Server.Shops.ShopTokens.NewPrivateToken();
        var protectedToken = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Plaudit.Server.Shops.ShopTokens>(server.Services).Protect(newToken);
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection(server.ConnectionString))
        {
            await other.OpenAsync();
            await using var update = other.CreateCommand();
            update.CommandText = "UPDATE shops SET protected_private_token = $token WHERE id = $id";
            update.Parameters.AddWithValue("$token", protectedToken);
            update.Parameters.AddWithValue("$id", shop.Id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        (await shop.Client.GetAsync(Api + "get_reviews")).AssertError(16);
        using var renewed = new PlauditClient(server.BaseAddress, shop.PublicToken, newToken);
        (await renewed.GetAsync(Api + "get_reviews")).AssertOk();
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_change_through_one_node_is_seen_at_once_through_another_nodes_cache(DatabaseProvider provider)
    {
        await using var nodeA = await PlauditServer.StartAsync(provider);
        await using var nodeB = await PlauditServer.StartSecondNodeAsync(nodeA);
        var shop = await nodeA.CreateShopAsync();
        using var viaB = new PlauditClient(nodeB.BaseAddress, shop.PublicToken, shop.PrivateToken);

        async Task<long> TotalViaB() => (await viaB.GetAsync(Api + "get_reviews", [new("product_ids", "P")])).AssertOk().GetProperty("page").GetProperty("total").GetInt64();

        Assert.Equal(0, await TotalViaB());
        Assert.Equal(0, await TotalViaB()); // now cached on node B
        var id = (await shop.Client.PostAsync(Api + "create_review", new { rating = 5, author = "A", product_id = "P" })).AssertOk().GetProperty("id").GetString()!;
        Assert.Equal(1, await TotalViaB());
        Assert.Equal("5", (await viaB.GetAsync(Api + "get_rating", [new("product_id", "P")])).AssertOk().GetProperty("rating_value").GetString());

        (await shop.Client.PostAsync(Api + "delete_review", new { id })).AssertOk();
        Assert.Equal(0, await TotalViaB());
        (await viaB.GetAsync(Api + "get_review", [new("id", id)])).AssertError(5);
    }

    [Fact]
    public async Task Cached_and_uncached_answers_are_identical()
    {
        await using var cached = await PlauditServer.StartAsync(DatabaseProvider.Sqlite);
        await using var uncached = await PlauditServer.StartSecondNodeAsync(cached, new Dictionary<string, string> { ["ReadCache:Enabled"] = "false" });
        var shop = await cached.CreateShopAsync();
        using var viaUncached = new PlauditClient(uncached.BaseAddress, shop.PublicToken, shop.PrivateToken);
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 4, author = "Same", product_id = "P", media = new[] { new { url = "https://cdn.example.com/a.jpg", type = 1 } } })).AssertOk();

        foreach (var path in new[] { "get_reviews", "get_rating", "get_customer_excludes", "get_orders", "get_customer_events" })
        {
            var first = await shop.Client.GetAsync(Api + path);
            var second = await shop.Client.GetAsync(Api + path);
            var fresh = await viaUncached.GetAsync(Api + path);
            Assert.Equal(fresh.AssertOk().ToString(), first.AssertOk().ToString());
            Assert.Equal(fresh.AssertOk().ToString(), second.AssertOk().ToString());
            // The whole envelope, byte for byte, but for the request id and time that differ per answer.
            Assert.Equal(WithoutIdAndTime(fresh.Raw), WithoutIdAndTime(second.Raw));
            Assert.Matches("\"request_id\":\"[0-9a-f]{32}\",\"time\":[0-9]{10}}$", second.Raw);
        }
    }

    private static string WithoutIdAndTime(string raw) =>
        System.Text.RegularExpressions.Regex.Replace(raw, "\"request_id\":\"[^\"]*\",\"time\":[0-9]+", "");
}
