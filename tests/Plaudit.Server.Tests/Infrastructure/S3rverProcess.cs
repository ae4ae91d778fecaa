using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// s3rver (npm), a real S3-protocol server, on a free loopback port with a fresh directory and one
/// bucket; scripts/test.sh installs it under tests/s3rver. Its credentials are S3RVER/S3RVER.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string Bucket = "plaudit-media";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _directory;

    private S3rverProcess(Process process, string directory, Uri serviceUrl)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    public IReadOnlyDictionary<string, string> PlauditSettings => new Dictionary<string, string>
    {
        ["Media:Provider"] = "s3",
        ["Media:S3Store:ServiceUrl"] = ServiceUrl.ToString().TrimEnd('/'),
        ["Media:S3Store:Bucket"] = Bucket,
        ["Media:S3Store:AccessKey"] = AccessKey,
        ["Media:S3Store:SecretKey"] = SecretKey,
    };

    public static async Task<S3rverProcess> StartAsync()
    {
        var script = Path.Combine(RepositoryFolder.Root, "tests", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run the tests with scripts/test.sh, which installs s3rver.");
        }
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("plaudit-s3rver-").FullName;
        var start = new ProcessStartInfo("node", [script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var s3 = new S3rverProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        await s3.WaitUntilListeningAsync(port);
        return s3;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
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
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
