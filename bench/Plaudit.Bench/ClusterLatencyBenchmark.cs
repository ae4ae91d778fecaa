using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Plaudit.Server.Hosting;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Outbox;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Client;

namespace Plaudit.Bench;

/// <summary>
/// The webhook engine as a cluster: two <c>plaudit serve</c> processes on one PostgreSQL database,
/// reviews created through signed create_review at a fixed rate on both nodes in turn, one
/// review/created subscription whose receiver takes 10 ms to answer. Latency runs from the moment a
/// create_review request is sent to the moment its delivery reaches the receiver (what an integrator
/// sees), and from the create_review answer (the commit) to the receiver (the engine's own part).
/// Needs <c>PLAUDIT_BENCH_POSTGRES</c>: a connection string to a server where a database may be created.
/// </summary>
public static class ClusterLatencyBenchmark
{
    private static readonly int Nodes = int.TryParse(Environment.GetEnvironmentVariable("PLAUDIT_BENCH_NODES"), out var n) ? n : 2;
    private static readonly TimeSpan ReceiverDelay = TimeSpan.FromMilliseconds(10);
    private const int WarmUpSeconds = 10;

    public static async Task<bool> RunAsync(int perSecond, int seconds, string output)
    {
        // What an operator runs: pooled connections, the default engine settings.
        if (await PostgresBenchDatabase.CreateConnectionStringAsync() is not { } connectionString)
        {
            Console.Error.WriteLine("cluster: set PLAUDIT_BENCH_POSTGRES to a PostgreSQL connection string (a database is created there).");
            return false;
        }
        var folder = Directory.CreateTempSubdirectory("plaudit-cluster-bench").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Plaudit"] = connectionString,
            ["DataProtection:KeyFile"] = Path.Combine(folder, "keyring.key"),
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        await using var receiver = await DelayedReceiver.StartAsync(ReceiverDelay);
        var setup = PlauditWebApp.Build([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
        CreatedShop shop;
        await using (var scope = setup.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Cluster bench", null, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            db.WebhookSubscriptions.Add(new WebhookSubscription
            {
                ShopId = shop.ShopId, Topics = Topics.ReviewCreated, Url = receiver.Url, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await setup.DisposeAsync();

        var nodes = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                nodes.Add(await NodeProcess.StartAsync(settings, LogPath(output, i)));
            }
            using var http = new HttpClient();
            // Warm-up, not measured: both nodes compile their paths.
            await PacedAsync(http, nodes, shop, receiver, perSecond, WarmUpSeconds);
            var (sent, failed, latencies) = await PacedAsync(http, nodes, shop, receiver, perSecond, seconds);
            var stages = await EngineStagesAsync(connectionString, latencies);

            var report = new StringBuilder()
                .AppendLine("# Benchmark: webhook latency on a two-node PostgreSQL cluster").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; PostgreSQL (pooled connections).")
                .AppendLine(CultureInfo.InvariantCulture, $"{Nodes} `plaudit serve` processes on one database, default engine settings; signed create_review at {perSecond}/s for {seconds} s (open loop), on the nodes in turn, after a {WarmUpSeconds} s warm-up; one review/created subscription whose receiver answers after {ReceiverDelay.TotalMilliseconds:0} ms. Load generator, receiver, both nodes and PostgreSQL share the machine.")
                .AppendLine()
                .AppendLine("| measured from | to | events | p50 ms | p99 ms | max ms |")
                .AppendLine("|---|---|---:|---:|---:|---:|")
                .AppendLine(Row("create_review sent", "its answer (the API's own latency)", latencies.Select(l => l.Answered)))
                .AppendLine(Row("create_review answered (commit)", "delivery received", latencies.Select(l => l.Received - l.Answered)))
                .AppendLine(Row("create_review sent", "delivery received", latencies.Select(l => l.Received)))
                .AppendLine()
                .AppendLine("Where the engine's part goes, from the rows it wrote (wall clocks of one machine; the answer reaches the client just after the commit, so the first stage can be slightly negative):")
                .AppendLine()
                .AppendLine("| from | to | events | p50 ms | p99 ms | max ms |")
                .AppendLine("|---|---|---:|---:|---:|---:|")
                .AppendLine(Row("create_review answered", "delivery row created (dispatched)", stages.Select(s => s.Dispatched)))
                .AppendLine(Row("delivery row created", "attempt started", stages.Select(s => s.Started - s.Dispatched)))
                .AppendLine(Row("attempt started", "delivery received", stages.Select(s => s.Received - s.Started)))
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"{sent:N0} sent, {failed} failed, {latencies.Count:N0} delivered. Node logs: {string.Join(", ", nodes.Select((node, i) => $"node {i + 1} wrote {node.Warnings} warnings and {node.Errors} errors"))} (kept in `{Path.GetDirectoryName(LogPath(output, 0))}`, not committed).")
                .AppendLine(CultureInfo.InvariantCulture, $"Target: event-to-receiver p99 ≤ 50 ms: **{Percentile(latencies.Select(l => l.Received - l.Answered), 0.99):0.0} ms** from commit, {Percentile(latencies.Select(l => l.Received), 0.99):0.0} ms from the request.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine(report);
            return failed == 0 && latencies.Count == sent;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Latency(string Id, DateTime AnsweredAt, double Answered, double Received);

    /// <summary>Milliseconds after the create_review answer when the delivery row was made, its attempt started, and it arrived.</summary>
    private sealed record EngineStage(double Dispatched, double Started, double Received);

    private static string LogPath(string output, int node) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "tmp", $"cluster-node{node + 1}.log");

    private static async Task<List<EngineStage>> EngineStagesAsync(string connectionString, List<Latency> latencies)
    {
        var byId = latencies.ToDictionary(l => l.Id);
        var stages = new List<EngineStage>();
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT o.payload::json->>'id', d.created_at, a.started_at
            FROM webhook_deliveries d
            JOIN outbox_events o ON o.id = d.outbox_event_id
            JOIN webhook_delivery_attempts a ON a.delivery_id = d.id AND a.number = 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(0) && byId.TryGetValue(reader.GetString(0), out var latency))
            {
                var dispatched = (reader.GetDateTime(1) - latency.AnsweredAt).TotalMilliseconds;
                var started = (reader.GetDateTime(2) - latency.AnsweredAt).TotalMilliseconds;
                stages.Add(new EngineStage(dispatched, started, latency.Received - latency.Answered));
            }
        }
        return stages;
    }

    private static async Task<(int Sent, int Failed, List<Latency> Latencies)> PacedAsync(
        HttpClient http, List<NodeProcess> nodes, CreatedShop shop, DelayedReceiver receiver, int perSecond, int seconds)
    {
        receiver.Arrivals.Clear();
        var requests = new List<Task<(string? Id, long Sent, long Answered, DateTime AnsweredAt)>>();
        var clock = Stopwatch.StartNew();
        var total = perSecond * seconds;
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / perSecond);
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            requests.Add(CreateReviewAsync(http, nodes[n % nodes.Count].BaseAddress, shop, n));
        }
        var results = await Task.WhenAll(requests);
        var created = results.Where(r => r.Id is not null).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (created.Any(r => !receiver.Arrivals.ContainsKey(r.Id!)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var latencies = created.Where(r => receiver.Arrivals.ContainsKey(r.Id!))
            .Select(r => new Latency(r.Id!, r.AnsweredAt, Stopwatch.GetElapsedTime(r.Sent, r.Answered).TotalMilliseconds, Stopwatch.GetElapsedTime(r.Sent, receiver.Arrivals[r.Id!]).TotalMilliseconds))
            .ToList();
        return (total, total - created.Count, latencies);
    }

    private static async Task<(string? Id, long Sent, long Answered, DateTime AnsweredAt)> CreateReviewAsync(HttpClient http, Uri node, CreatedShop shop, int n)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"product_id":"p{{n % 50}}","rating":{{1 + n % 5}},"author":"Buyer {{n}}","author_email":"buyer{{n}}@example.com","content":"Cluster review {{n}}.","is_published":1}"""));
        KeyValuePair<string, string>[] query = [new("nonce", $"{Environment.TickCount64}-{n}")];
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node}{OpenApiRequestMiddleware.PathPrefix.TrimStart('/')}/create_review?{QueryParameters.Build(query)}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("Public-Token", shop.PublicToken);
        request.Headers.Add("Timestamp", timestamp);
        request.Headers.Add("Sign", OpenApiSignature.Sign(shop.PrivateToken, query, timestamp, body));
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var answered = Stopwatch.GetTimestamp();
            var answeredAt = DateTime.UtcNow;
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            return json.RootElement.GetProperty("code").GetInt32() == 0
                ? (json.RootElement.GetProperty("data").GetProperty("id").GetString(), sent, answered, answeredAt)
                : (null, sent, answered, answeredAt);
        }
        catch (HttpRequestException)
        {
            return (null, sent, Stopwatch.GetTimestamp(), DateTime.UtcNow);
        }
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Row(string from, string to, IEnumerable<double> values)
    {
        var list = values.ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {from} | {to} | {list.Count:N0} | {Percentile(list, 0.5):0.0} | {Percentile(list, 0.99):0.0} | {(list.Count == 0 ? double.NaN : list.Max()):0.0} |");
    }

    /// <summary>A loopback receiver that notes when each review id arrives, then answers after a delay.</summary>
    private sealed class DelayedReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private DelayedReceiver(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, long> Arrivals { get; } = new();

        public string Url { get; private set; } = "";

        public static async Task<DelayedReceiver> StartAsync(TimeSpan delay)
        {
            var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new DelayedReceiver(app);
            app.MapPost("/hook", async (HttpContext http) =>
            {
                var at = Stopwatch.GetTimestamp();
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                receiver.Arrivals.TryAdd(body.RootElement.GetProperty("data").GetProperty("id").GetString()!, at);
                await Task.Delay(delay);
                return Results.Text("""{"code":0,"message":"success"}""", "application/json");
            });
            await app.StartAsync();
            receiver.Url = new Uri(ReadBenchmark.Address(app), "hook").ToString();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A <c>plaudit serve</c> process, started from the plaudit.dll beside this benchmark.</summary>
    private sealed class NodeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;
        private int _warnings;
        private int _errors;

        private NodeProcess(Process process, Uri baseAddress, StreamWriter log)
        {
            _process = process;
            BaseAddress = baseAddress;
            _log = log;
        }

        public Uri BaseAddress { get; }

        public int Warnings => Volatile.Read(ref _warnings);

        public int Errors => Volatile.Read(ref _errors);

        /// <summary>The node's console output goes to its log file, and its warnings and errors are counted for the report.</summary>
        private void Note(string? line)
        {
            if (line is null)
            {
                return;
            }
            if (line.StartsWith("warn:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _warnings);
            }
            else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _errors);
            }
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }

        public static async Task<NodeProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string logPath)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "plaudit.dll"));
            foreach (var argument in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var process = new Process { StartInfo = start };
            var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}/"), new StreamWriter(logPath, append: false));
            process.OutputDataReceived += (_, e) => node.Note(e.Data);
            process.ErrorDataReceived += (_, e) => node.Note(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(node.BaseAddress, "healthz"));
                    if (response.IsSuccessStatusCode)
                    {
                        return node;
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
            throw new InvalidOperationException("plaudit serve did not become healthy");
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }
}
