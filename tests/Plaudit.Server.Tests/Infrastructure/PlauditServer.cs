using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plaudit.Client;
using Plaudit.Server.Hosting;
using Plaudit.Server.Outbox;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// The real server on a free loopback port, over a real database; tests talk HTTP to it and may
/// look into its database to check what was (or was not) written.
/// </summary>
public sealed class PlauditServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IDisposable> _owned = [];

    private PlauditServer(WebApplication app, DatabaseProvider provider, string connectionString)
    {
        _app = app;
        Provider = provider;
        ConnectionString = connectionString;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public Uri BaseAddress { get; }

    /// <summary>An unauthenticated client, for building requests by hand.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="clock">The server's clock, e.g. a <c>FakeTimeProvider</c> the test moves on; the shops' clients sign with it too.</param>
    public static async Task<PlauditServer> StartAsync(
        DatabaseProvider provider,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplication>? configure = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null) =>
        await StartOnAsync(provider, await TestDatabases.CreateAsync(provider), settings, configure, clock, services);

    /// <summary>Another node over the same database, as in a scaled-out deployment.</summary>
    public static Task<PlauditServer> StartSecondNodeAsync(
        PlauditServer first, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null) =>
        StartOnAsync(first.Provider, first.ConnectionString, settings, null, clock, services);

    /// <summary>A server over an existing database, e.g. one a stopped server or an earlier version left behind.</summary>
    public static async Task<PlauditServer> StartOnAsync(
        DatabaseProvider provider,
        string connectionString,
        IReadOnlyDictionary<string, string>? settings,
        Action<WebApplication>? configure = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Database:Provider={TestDatabases.ProviderSetting(provider)}",
            $"--ConnectionStrings:Plaudit={connectionString}",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));
        var app = PlauditWebApp.Build([.. args], replaceServices: registrations =>
        {
            if (clock is not null)
            {
                registrations.AddSingleton(clock);
            }
            services?.Invoke(registrations);
        });
        configure?.Invoke(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }
        await app.StartAsync();
        return new PlauditServer(app, provider, connectionString);
    }

    public async Task<TestShop> CreateShopAsync(string name = "Test Shop")
    {
        await using var scope = Services.CreateAsyncScope();
        var shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync(name, $"{Guid.NewGuid():N}.example.com", CancellationToken.None);
        var client = new PlauditClient(BaseAddress, shop.PublicToken, shop.PrivateToken, Services.GetRequiredService<TimeProvider>());
        _owned.Add(client);
        return new TestShop(shop.ShopId, shop.PublicToken, shop.PrivateToken, client);
    }

    /// <summary>Runs <paramref name="action"/> against the server's own database.</summary>
    public async Task<T> QueryAsync<T>(Func<PlauditDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PlauditDbContext>());
    }

    /// <summary>Waits until every outbox event written so far has been fanned out into deliveries.</summary>
    public async Task WaitForOutboxDispatchedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await QueryAsync(db => OutboxProgress.AnyWaitingAsync(db, CancellationToken.None)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox was not dispatched within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until the engine is done with these shops: every event fanned out, no delivery pending and
    /// none held by this node. From then on nothing of theirs is sent unless something new is written,
    /// so a test can count what its receiver got instead of waiting "long enough" for extras.
    /// </summary>
    public async Task WaitUntilDeliveredAsync(params TestShop[] shops)
    {
        await WaitForOutboxDispatchedAsync();
        var shopIds = shops.Select(s => s.Id).ToList();
        var held = Services.GetRequiredService<HeldDeliveries>();
        await Eventually.WaitFor(async () =>
        {
            var (anyPending, ids) = await QueryAsync(async db => (
                await db.WebhookDeliveries.AnyAsync(d => shopIds.Contains(d.ShopId) && d.Status == DeliveryStatus.Pending),
                await db.WebhookDeliveries.Where(d => shopIds.Contains(d.ShopId)).Select(d => d.Id).ToListAsync()));
            return !anyPending && !held.DeliveryIds().Intersect(ids).Any() ? true : (bool?)null;
        });
    }

    public async Task<T> ExecuteAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task ExecuteAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record TestShop(long Id, string PublicToken, string PrivateToken, PlauditClient Client);
