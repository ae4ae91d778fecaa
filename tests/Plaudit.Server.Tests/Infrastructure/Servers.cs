namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>One shared server per database provider for the whole test run; tests isolate themselves by creating their own shops.</summary>
public sealed class Servers : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<PlauditServer>> _servers = [];
    private readonly Lock _gate = new();

    public Task<PlauditServer> GetAsync(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = PlauditServer.StartAsync(provider, TestSettings.Shared);
                _servers[provider] = server;
            }
            return server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await (await server).DisposeAsync();
        }
    }
}

public static class TestSettings
{
    /// <summary>A compressed retry schedule and loopback receivers allowed: webhook tests run in seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastWebhooks = new Dictionary<string, string>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:RetryDelays"] = "0,1,1",
        ["Webhooks:Timeout"] = "00:00:02",
        ["Webhooks:LeaseMargin"] = "00:00:02",
        ["Webhooks:PollInterval"] = "00:00:00.200",
    };

    /// <summary>The shared servers: fast webhooks, and rate limits no test run reaches (every test comes from 127.0.0.1).</summary>
    public static readonly IReadOnlyDictionary<string, string> Shared = FastWebhooks.With(
        ("Storefront:SubmissionsPerMinute", "100000"), ("Storefront:EventsPerMinute", "100000"), ("Merchants:SignInAttemptsPerMinute", "100000"));

    public static IReadOnlyDictionary<string, string> With(this IReadOnlyDictionary<string, string> settings, params (string Key, string Value)[] more)
    {
        var merged = settings.ToDictionary();
        foreach (var (key, value) in more)
        {
            merged[key] = value;
        }
        return merged;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<Servers>
{
    public const string Name = "servers";
}
