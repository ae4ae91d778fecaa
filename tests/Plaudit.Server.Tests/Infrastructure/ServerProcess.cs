using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Plaudit.Server.Tests.Cli;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>A <c>plaudit serve</c> process of its own, which a test can kill with SIGKILL and start again.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _drainOutput;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _drainOutput = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["Database__Provider"] = TestDatabases.ProviderSetting(provider);
        environment["ConnectionStrings__Plaudit"] = connectionString;
        // In-process nodes on PostgreSQL keep the default key file under this process's working
        // directory; a node started elsewhere must wrap its key ring with the same key.
        environment.TryAdd("DataProtection__KeyFile", Path.GetFullPath(Path.Combine("data", "keyring.key")));
        var process = Process.Start(CliProcess.StartInfo(["serve", "--urls", $"http://127.0.0.1:{port}"], environment))!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, leases left behind.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"plaudit serve exited with {_process.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("plaudit serve did not become healthy");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        await _drainOutput;
        _process.Dispose();
    }
}
