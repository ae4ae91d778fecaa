using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Client;
using Plaudit.Server.Outbox;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Reviews;

/// <summary>
/// New reviews are committed in groups (one transaction for the reviews that arrive together): every
/// review answered as stored is stored once, with its product, its rating counts and its review/created
/// event, whether it came alone or among many, and a clean shutdown mid-stream loses none of them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReviewIngestionTests
{
    private const string Api = "/api/v1/openapi/";
    private static readonly Dictionary<string, string> OpenLimits = new() { ["Storefront:SubmissionsPerMinute"] = "1000000" };

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Concurrent_submissions_and_creates_are_each_stored_once_with_products_counts_and_events(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, OpenLimits);
        var shop = await server.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "update_shop_settings", new { auto_publish_reviews = 1 })).AssertOk();
        var ids = new ConcurrentBag<string>();
        // Half through the storefront, half through create_review, over products no one has reviewed yet:
        // several first reviews of one product land in one batch.
        await Parallel.ForEachAsync(Enumerable.Range(0, 240), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, cancellationToken) =>
        {
            var product = $"p{i / 2 % 12}";
            var rating = 1 + i % 5;
            if (i % 2 == 0)
            {
                using var response = await server.Http.PostAsJsonAsync(
                    $"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}",
                    new { product_id = product, rating, author = $"Shopper {i}", author_email = $"s{i}@example.com", content = $"Review number {i}." },
                    cancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!);
            }
            else
            {
                var created = (await shop.Client.PostAsync(Api + "create_review",
                    new { product_id = product, rating, author = $"Buyer {i}", content = $"Review number {i}.", is_published = 1, product = new { id = product, title = $"Product {product}" } }, cancellationToken)).AssertOk();
                Assert.Equal(product, created.GetProperty("product").GetProperty("id").GetString());
                ids.Add(created.GetProperty("id").GetString()!);
            }
        });

        Assert.Equal(240, ids.Distinct().Count());
        var stored = await server.QueryAsync(db => db.Reviews.Where(r => r.ShopId == shop.Id).Select(r => r.Id).ToListAsync());
        Assert.Equal(ids.Select(long.Parse).Order(), stored.Order());
        var events = await server.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.ShopId == shop.Id && e.Topic == Topics.ReviewCreated));
        Assert.Equal(240, events);
        var products = await server.QueryAsync(db => db.Products.Where(p => p.ShopId == shop.Id).Select(p => new { p.Id, p.Title }).ToListAsync());
        Assert.Equal(12, products.Count);
        Assert.All(products, p => Assert.Equal($"Product {p.Id}", p.Title));
        for (var p = 0; p < 12; p++)
        {
            var rating = (await shop.Client.GetAsync(Api + "get_rating", [new("product_id", $"p{p}")])).AssertOk();
            Assert.Equal(20, rating.GetProperty("review_count").GetInt32());
            // Product p gets reviews 2p + 24m and 2p + 24m + 1 (m = 0..9); 24m walks every residue mod 5 twice, so each star four times.
            Assert.All(Enumerable.Range(1, 5), star => Assert.Equal(4, rating.GetProperty($"star{star}_count").GetInt32()));
        }
        var whole = (await shop.Client.GetAsync(Api + "get_rating", [])).AssertOk();
        Assert.Equal(240, whole.GetProperty("review_count").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Two_nodes_writing_one_shop_at_once_add_up_their_rating_counts(DatabaseProvider provider)
    {
        // The shop's counts and data version are rows every writer shares, written at each commit in one
        // order: two nodes' batches over the same products must neither lose an increment nor deadlock.
        await using var nodeA = await PlauditServer.StartAsync(provider);
        await using var nodeB = await PlauditServer.StartSecondNodeAsync(nodeA);
        var shop = await nodeA.CreateShopAsync();
        using var viaB = new PlauditClient(nodeB.BaseAddress, shop.PublicToken, shop.PrivateToken);
        var versionBefore = await nodeA.QueryAsync(db => db.Shops.Where(s => s.Id == shop.Id).Select(s => s.DataVersion).SingleAsync());
        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            // Products in opposite orders on the two nodes, so their batches meet the same rows from both ends.
            var (client, product) = i % 2 == 0 ? (shop.Client, $"p{i % 4}") : (viaB, $"p{3 - i % 4}");
            (await client.PostAsync(Api + "create_review",
                new { product_id = product, rating = 1 + i % 5, author = $"Buyer {i}", content = $"Review {i}.", is_published = 1 }, cancellationToken)).AssertOk();
        });

        var expected = Enumerable.Range(0, 160).Select(i => (Product: i % 2 == 0 ? $"p{i % 4}" : $"p{3 - i % 4}", Star: 1 + i % 5)).ToList();
        for (var p = 0; p < 4; p++)
        {
            var rating = (await viaB.GetAsync(Api + "get_rating", [new("product_id", $"p{p}")])).AssertOk();
            Assert.Equal(expected.Count(e => e.Product == $"p{p}"), rating.GetProperty("review_count").GetInt32());
            Assert.All(Enumerable.Range(1, 5), star =>
                Assert.Equal(expected.Count(e => e.Product == $"p{p}" && e.Star == star), rating.GetProperty($"star{star}_count").GetInt32()));
        }
        var whole = (await shop.Client.GetAsync(Api + "get_rating", [])).AssertOk();
        Assert.Equal(160, whole.GetProperty("review_count").GetInt32());
        var versionAfter = await nodeA.QueryAsync(db => db.Shops.Where(s => s.Id == shop.Id).Select(s => s.DataVersion).SingleAsync());
        Assert.InRange(versionAfter - versionBefore, 1, 160);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_clean_shutdown_mid_stream_keeps_every_stored_review(DatabaseProvider provider)
    {
        var server = await PlauditServer.StartAsync(provider, OpenLimits);
        var shop = await server.CreateShopAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var accepted = new ConcurrentBag<long>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = Task.Run(() => Parallel.ForEachAsync(Enumerable.Range(0, 2_000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            try
            {
                using var response = await http.PostAsJsonAsync($"/storefront/v1/reviews?public_token={Uri.EscapeDataString(shop.PublicToken)}",
                    new { product_id = $"p{i % 7}", rating = 5, author = "Shopper", author_email = $"s{i}@example.com", content = $"Review {i}." }, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(long.Parse((await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!));
                    if (accepted.Count >= 60)
                    {
                        enough.TrySetResult();
                    }
                }
            }
            catch (HttpRequestException)
            {
                // A stopped server refuses the connection: not an accepted review.
            }
        }));
        await enough.Task.WaitAsync(Eventually.Patience);
        await server.DisposeAsync();
        await sending;

        await using var restarted = await PlauditServer.StartOnAsync(provider, server.ConnectionString, OpenLimits);
        var stored = (await restarted.QueryAsync(db => db.Reviews.Where(r => r.ShopId == shop.Id).Select(r => r.Id).ToListAsync())).ToHashSet();
        var withEvents = await restarted.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.ShopId == shop.Id && e.Topic == Topics.ReviewCreated));
        Assert.True(accepted.Count >= 60);
        Assert.All(accepted, id => Assert.Contains(id, stored));
        // Stored and evented together or not at all: a review never lands without its review/created.
        Assert.Equal(stored.Count, withEvents);
    }
}
