using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>Several <c>plaudit serve</c> processes on one PostgreSQL database, delivering to a real receiver.</summary>
public sealed class ScaleOutTests
{
    private const string Api = "/api/v1/openapi/";
    private const int Events = 1000;

    [Fact]
    public async Task Two_nodes_deliver_a_thousand_events_each_exactly_once()
    {
        var settings = NodeSettings();
        await using var api = await PlauditServer.StartAsync(DatabaseProvider.Postgres, settings.With(("Webhooks:Enabled", "false")));
        await using var nodeA = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, settings);
        await using var nodeB = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, settings);
        await using var receiver = await WebhookReceiver.StartAsync();
        var shop = await api.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/storm") })).AssertOk();

        var reviewIds = await CreateReviewsAsync(shop, Events);
        await receiver.WaitForAsync(r => ReviewIds(r).Distinct().Count() >= Events, TimeSpan.FromMinutes(2));
        // Every delivery recorded: none can be claimed again.
        await Eventually.WaitFor(async () =>
            await api.QueryAsync(db => db.WebhookDeliveries.AnyAsync(d => d.ShopId == shop.Id && d.Status == "pending")) ? null : (bool?)true);
        // A delivery both nodes claimed would be sent by the second from its in-memory queue, which no
        // signal outside that process shows; only the receiver sees it, so it gets a moment to arrive.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var all = ReviewIds(receiver.Received).ToList();
        Assert.Equal(reviewIds.Order(), all.Distinct().Order());
        Assert.Equal(Events, all.Count);
    }

    [Fact]
    public async Task A_node_killed_mid_storm_loses_nothing_and_duplicates_keep_their_request_id()
    {
        var settings = NodeSettings();
        await using var api = await PlauditServer.StartAsync(DatabaseProvider.Postgres, settings.With(("Webhooks:Enabled", "false")));
        await using var nodeA = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, settings);
        var nodeB = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, settings);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Reply.Ok with { Delay = TimeSpan.FromMilliseconds(20) };
        var shop = await api.CreateShopAsync();
        (await shop.Client.PostAsync(Api + "create_shop_webhook", new { topic = "review/created", url = receiver.Url("/crash") })).AssertOk();

        var reviewIds = await CreateReviewsAsync(shop, Events);
        await receiver.WaitForAsync(r => r.Count >= Events / 4, TimeSpan.FromMinutes(1));
        nodeB.Kill();
        await nodeB.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(DatabaseProvider.Postgres, api.ConnectionString, settings);

        await receiver.WaitForAsync(r => ReviewIds(r).Distinct().Count() >= Events, TimeSpan.FromMinutes(2));
        Assert.Equal(reviewIds.Order(), ReviewIds(receiver.Received).Distinct().Order());
        foreach (var sameEvent in receiver.Received.GroupBy(ReviewId))
        {
            Assert.Single(sameEvent.Select(r => r.Header("Open-Trustoo-Webhook-RequestId")).Distinct());
        }
    }

    /// <summary>Every node of one deployment has the same key file (the processes run in another directory than the test).</summary>
    private static IReadOnlyDictionary<string, string> NodeSettings() =>
        TestSettings.FastWebhooks.With(("DataProtection:KeyFile", Path.Combine(Directory.CreateTempSubdirectory("plaudit-scale-out").FullName, "keyring.key")));

    private static async Task<List<string>> CreateReviewsAsync(TestShop shop, int count)
    {
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var review = (await shop.Client.PostAsync(Api + "create_review", new { rating = 1 + (i % 5), author = $"Storm {i}" }, cancellationToken)).AssertOk();
            ids.Add(review.GetProperty("id").GetString()!);
        });
        return ids.ToList();
    }

    private static IEnumerable<string> ReviewIds(IEnumerable<ReceivedWebhook> received) => received.Select(ReviewId);

    private static string ReviewId(ReceivedWebhook webhook)
    {
        using var body = JsonDocument.Parse(webhook.Body);
        return body.RootElement.GetProperty("data").GetProperty("id").GetString()!;
    }
}
