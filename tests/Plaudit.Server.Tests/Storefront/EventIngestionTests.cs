using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Outbox;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Storefront;

/// <summary>
/// Storefront events are committed in groups: every event answered 202 is stored with its outbox
/// event, whether it arrived alone or with hundreds of others, and whether the server then stops
/// cleanly or is killed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class EventIngestionTests
{
    private static readonly Dictionary<string, string> OpenLimits = new() { ["Storefront:EventsPerMinute"] = "1000000", ["Webhooks:AllowPrivateNetworks"] = "true" };

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Concurrent_events_are_each_stored_once_with_their_outbox_event(DatabaseProvider provider)
    {
        await using var server = await PlauditServer.StartAsync(provider, OpenLimits);
        var shop = await server.CreateShopAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        (await shop.Client.PostAsync("/api/v1/openapi/create_shop_webhook", new { topic = "customer_event/created", url = receiver.Url("/events") })).AssertOk();
        var ids = await SendEventsAsync(server.Http, shop, 300, parallelism: 48);

        Assert.Equal(300, ids.Count);
        Assert.Equal(300, ids.Distinct().Count());
        var stored = await server.QueryAsync(db => db.CustomerEvents.Where(e => e.ShopId == shop.Id).ToDictionaryAsync(e => e.Id, e => e.ClientId));
        Assert.Equal(ids.Select(long.Parse).Order(), stored.Keys.Order());
        var payloads = await server.QueryAsync(db => db.OutboxEvents.Where(e => e.ShopId == shop.Id && e.Topic == Topics.CustomerEventCreated).Select(e => e.Payload).ToListAsync());
        Assert.Equal(300, payloads.Count);
        // Each event's webhook names that event: its id and its own fields, whatever order the batch was written in.
        var named = payloads.Select(p => JsonDocument.Parse(p).RootElement).ToDictionary(p => long.Parse(p.GetProperty("id").GetString()!), p => p.GetProperty("client_id").GetString()!);
        Assert.Equal(stored.OrderBy(e => e.Key), named.OrderBy(e => e.Key));
        var listed = (await shop.Client.GetAsync("/api/v1/openapi/get_customer_events", [new("limit", "1")])).AssertOk();
        Assert.Equal(300, listed.GetProperty("page").GetProperty("total").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task A_clean_shutdown_mid_stream_keeps_every_accepted_event(DatabaseProvider provider)
    {
        var server = await PlauditServer.StartAsync(provider, OpenLimits);
        var shop = await server.CreateShopAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var accepted = new AcceptedEvents(stopAfter: 100);
        var sending = Task.Run(() => SendEventsAsync(http, shop, 2_000, parallelism: 32, accepted));
        await accepted.Enough.WaitAsync(Eventually.Patience);
        await server.DisposeAsync();
        await sending;

        await using var restarted = await PlauditServer.StartOnAsync(provider, server.ConnectionString, OpenLimits);
        var stored = (await restarted.QueryAsync(db => db.CustomerEvents.Where(e => e.ShopId == shop.Id).Select(e => e.Id).ToListAsync())).ToHashSet();
        Assert.True(accepted.Ids.Count >= 100);
        Assert.All(accepted.Ids, id => Assert.Contains(id, stored));
    }

    [Fact]
    public async Task A_killed_server_has_stored_every_accepted_event()
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-events-crash").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "crash.db")}";
        var settings = new Dictionary<string, string>(OpenLimits) { ["DataProtection:KeyFile"] = Path.Combine(folder, "keyring.key") };
        TestShop shop;
        await using (var setup = await PlauditServer.StartOnAsync(DatabaseProvider.Sqlite, connectionString, settings))
        {
            shop = await setup.CreateShopAsync();
        }
        var node = await ServerProcess.StartAsync(DatabaseProvider.Sqlite, connectionString, settings);
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        var accepted = new AcceptedEvents(stopAfter: 200);
        var sending = Task.Run(() => SendEventsAsync(http, shop, 5_000, parallelism: 32, accepted));
        await accepted.Enough.WaitAsync(Eventually.Patience);
        node.Kill();
        await sending;
        await node.DisposeAsync();

        await using var restarted = await PlauditServer.StartOnAsync(DatabaseProvider.Sqlite, connectionString, settings);
        var stored = (await restarted.QueryAsync(db => db.CustomerEvents.Where(e => e.ShopId == shop.Id).Select(e => e.Id).ToListAsync())).ToHashSet();
        Assert.True(accepted.Ids.Count >= 200);
        Assert.All(accepted.Ids, id => Assert.Contains(id, stored));
    }

    /// <summary>Sends events; returns the ids of those answered 202. Refused connections (a stopped server) are not accepted events.</summary>
    private static async Task<List<string>> SendEventsAsync(HttpClient http, TestShop shop, int count, int parallelism, AcceptedEvents? accepted = null)
    {
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, cancellationToken) =>
        {
            try
            {
                using var response = await http.PostAsJsonAsync($"/storefront/v1/events?public_token={Uri.EscapeDataString(shop.PublicToken)}",
                    new { event_type = "VIEW_REVIEW", client_id = $"c{i}", properties = new { n = i } }, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
                    ids.Add(id);
                    accepted?.Add(long.Parse(id));
                }
            }
            catch (HttpRequestException)
            {
            }
        });
        return [.. ids];
    }

    /// <summary>The ids answered 202 so far, and a signal once there are enough to stop the server mid-stream.</summary>
    private sealed class AcceptedEvents(int stopAfter)
    {
        private readonly ConcurrentBag<long> _ids = [];
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<long> Ids => _ids;

        public Task Enough => _enough.Task;

        public void Add(long id)
        {
            _ids.Add(id);
            if (_ids.Count >= stopAfter)
            {
                _enough.TrySetResult();
            }
        }
    }
}
