using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Media;

/// <summary>One s3rver and, per database provider, one Plaudit server using it as the media store; shared by a test class.</summary>
public sealed class S3Servers : IAsyncLifetime
{
    public const long MaxImageBytes = 20_000;
    public const long MaxVideoBytes = 1_000_000;

    private readonly Dictionary<DatabaseProvider, Task<PlauditServer>> _servers = [];
    private readonly Lock _gate = new();

    public S3rverProcess S3 { get; private set; } = null!;

    public async Task InitializeAsync() => S3 = await S3rverProcess.StartAsync();

    public Task<PlauditServer> GetAsync(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = PlauditServer.StartAsync(provider, S3.PlauditSettings.With(
                    ("Media:MaxImageBytes", MaxImageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("Media:MaxVideoBytes", MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                _servers[provider] = server;
            }
            return server;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await (await server).DisposeAsync();
        }
        await S3.DisposeAsync();
    }
}
