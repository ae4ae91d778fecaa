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
                server = PlauditServer.StartAsync(provider);
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

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<Servers>
{
    public const string Name = "servers";
}
