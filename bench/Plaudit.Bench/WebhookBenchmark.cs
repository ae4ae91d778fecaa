using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Plaudit.Client;
using Plaudit.Server.Hosting;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Bench;

/// <summary>
/// The webhook engine against its ceiling, in one run on SQLite: deliveries/s to a loopback receiver
/// that answers at once (1 subscription; 10 subscriptions fan-out) versus a plain HttpClient loop
/// posting the same signed payloads with the same concurrency; and commit-to-receiver latency at a
/// paced 1,000 events/s.
/// </summary>
public static class WebhookBenchmark
{
    private const int MaxConcurrency = 64;
    private const int PerEndpoint = 8;
    private const int Rounds = 8;
    private const int MaxWarmUpRounds = 30;

    public static async Task<bool> RunAsync(int events, string output)
    {
        await using var receiver = await Receiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("plaudit-webhook-bench").FullName;
        var app = PlauditWebApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Plaudit=Data Source={Path.Combine(folder, "bench.db")}",
            "--Logging:LogLevel:Default=Warning",
            "--Webhooks:AllowPrivateNetworks=true",
            $"--Webhooks:MaxConcurrency={MaxConcurrency}",
            $"--Webhooks:PerEndpointConcurrency={PerEndpoint}",
        ]);
        CreatedShop shop;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Webhook bench", null, CancellationToken.None);
        }
        await app.StartAsync();

        // Warm-up, not measured: both sides take turns until the JIT settles (three fixed rounds left
        // both still compiling through the measured rounds).
        var warm = await Subscribe(app, shop.ShopId, receiver, "warm", 2);
        var warmUpRounds = await JitWarmUp.UntilQuietAsync(async () =>
        {
            await DeliverBatchAsync(app, shop, receiver, 2_000, expectedPerEvent: 2);
            await CeilingAsync(receiver, shop, 2_000, warm, PerEndpoint);
        }, MaxWarmUpRounds);
        await Unsubscribe(app, warm);

        var rows = new List<string>();
        // 1 subscription: the engine may use PerEndpoint connections to it.
        var single = await Subscribe(app, shop.ShopId, receiver, "single", 1);
        var (engine1, ceiling1) = await TakeTurnsAsync(
            () => DeliverBatchAsync(app, shop, receiver, events / Rounds, expectedPerEvent: 1),
            () => CeilingAsync(receiver, shop, events / Rounds, single, PerEndpoint));
        rows.Add(Row($"1 subscription, {events:N0} events", engine1, ceiling1));
        await Unsubscribe(app, single);

        // 10 subscriptions: every event fans out ten ways; the pool (MaxConcurrency) is the limit.
        var fanEvents = events / 5;
        var ten = await Subscribe(app, shop.ShopId, receiver, "fan", 10);
        var (engine10, ceiling10) = await TakeTurnsAsync(
            () => DeliverBatchAsync(app, shop, receiver, fanEvents / Rounds, expectedPerEvent: 10),
            () => CeilingAsync(receiver, shop, fanEvents / Rounds, ten, MaxConcurrency));
        rows.Add(Row($"10 subscriptions, {fanEvents:N0} events ({fanEvents * 10:N0} deliveries)", engine10, ceiling10));
        await Unsubscribe(app, ten);

        // Latency: 1,000 events/s for 5 s, committed 10 at a time every 10 ms, one subscription.
        await Subscribe(app, shop.ShopId, receiver, "latency", 1);
        var (p50, p99, sent, late) = await PacedLatencyAsync(app, shop, receiver, perSecond: 1000, seconds: 5);

        var report = new StringBuilder()
            .AppendLine("# Benchmark: webhook deliveries vs a plain HttpClient ceiling")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite; receiver, engine and ceiling loop share the machine.")
            .AppendLine(CultureInfo.InvariantCulture, $"Engine: Webhooks:MaxConcurrency={MaxConcurrency}, PerEndpointConcurrency={PerEndpoint}. Ceiling: one HttpClient posting the same signed bodies with the same concurrency (8 for one endpoint, 64 for ten).")
            .AppendLine("Engine time runs from the commit of the events (once the commit returns; writing the events is the producer's work) to the last delivery received, so it includes fan-out, claims and the attempt log.")
            .AppendLine(CultureInfo.InvariantCulture, $"Engine and ceiling take turns in {Rounds} rounds per scenario (1/{Rounds} of the events each), and each figure is the total over its rounds, so a slow spell of the machine weighs on both. Each turn starts after a full garbage collection.")
            .AppendLine(CultureInfo.InvariantCulture, $"Both sides are warmed up first, not measured: rounds of 2,000 events (2 subscriptions) and 2,000 ceiling requests until a round compiles at most {JitWarmUp.QuietMethods} new methods ({warmUpRounds} rounds this run), so neither pays for tiered JIT compilation.")
            .AppendLine()
            .AppendLine("| scenario | engine deliveries/s | ceiling requests/s | ratio | engine CPU per delivery | ceiling CPU per request |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(string.Join(Environment.NewLine, rows))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Latency from event commit to receiver at 1,000 events/s ({sent:N0} events): **p50 {p50:0.0} ms, p99 {p99:0.0} ms** (target p99 < 100 ms); {late} arrived over 100 ms.")
            .ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);

        await app.StopAsync();
        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>
    /// Engine and ceiling take turns, <see cref="Rounds"/> times each, so a slow spell of the machine
    /// weighs on both; each side's figures are its totals over its rounds.
    /// </summary>
    private static async Task<(Pace Engine, Pace Ceiling)> TakeTurnsAsync(Func<Task<Pace>> engine, Func<Task<Pace>> ceiling)
    {
        var (engines, ceilings) = (new List<Pace>(), new List<Pace>());
        for (var round = 0; round < Rounds; round++)
        {
            engines.Add(await engine());
            ceilings.Add(await ceiling());
        }
        return (Pace.Total(engines), Pace.Total(ceilings));
    }

    /// <summary>Each side starts its turn with a clean heap, so neither pays for the other's garbage.</summary>
    private static void CollectGarbage()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static string Row(string name, Pace engine, Pace ceiling) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {engine.PerSecond:N0} | {ceiling.PerSecond:N0} | **{engine.PerSecond / ceiling.PerSecond:0.00}** | {engine.CpuMicroseconds:N0} µs | {ceiling.CpuMicroseconds:N0} µs |");

    /// <summary>Requests over wall-clock time, and CPU time (the whole process: sender, receiver, database).</summary>
    private readonly record struct Pace(int Requests, TimeSpan Elapsed, TimeSpan Cpu)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
        public double CpuMicroseconds => Cpu.TotalMicroseconds / Requests;

        public static Pace Total(List<Pace> rounds) =>
            new(rounds.Sum(r => r.Requests), TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), TimeSpan.FromTicks(rounds.Sum(r => r.Cpu.Ticks)));
    }

    private static async Task<List<string>> Subscribe(WebApplication app, long shopId, Receiver receiver, string prefix, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var urls = Enumerable.Range(0, count).Select(i => receiver.Url($"/{prefix}/{i}")).ToList();
        foreach (var url in urls)
        {
            db.WebhookSubscriptions.Add(new WebhookSubscription { ShopId = shopId, Topics = Topics.ReviewCreated, Url = url, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
        }
        await db.SaveChangesAsync();
        return urls;
    }

    private static async Task Unsubscribe(WebApplication app, List<string> urls)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        db.WebhookSubscriptions.RemoveRange(db.WebhookSubscriptions.Where(s => urls.Contains(s.Url)));
        await db.SaveChangesAsync();
    }

    private static async Task<Pace> DeliverBatchAsync(WebApplication app, CreatedShop shop, Receiver receiver, int events, int expectedPerEvent)
    {
        receiver.Reset();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            for (var i = 0; i < events; i++)
            {
                outbox.Add(shop.ShopId, Topics.ReviewCreated, Payload($"b{i}"));
            }
            await db.SaveChangesAsync();
            // The producer's garbage (thousands of tracked events) is collected before the events are
            // visible, and the clock starts once they are committed: both are the producer's work, not the engine's.
            db.ChangeTracker.Clear();
            CollectGarbage();
            await transaction.CommitAsync();
            var clock = Stopwatch.StartNew();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            await receiver.WaitForAsync(events * expectedPerEvent, TimeSpan.FromMinutes(5));
            return new Pace(events * expectedPerEvent, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
        }
    }

    private static async Task<Pace> CeilingAsync(Receiver receiver, CreatedShop shop, int events, List<string> urls, int concurrency)
    {
        receiver.Reset();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
        using var http = new HttpClient(handler);
        var total = events * urls.Count;
        var next = -1;
        CollectGarbage();
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < total)
            {
                var data = JsonSerializer.Serialize(Payload($"c{n}"), OpenApiJson.Options);
                var body = Encoding.UTF8.GetBytes($"{{\"event\":\"review/created\",\"shop_id\":\"{shop.ShopId}\",\"data\":{data}}}");
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, urls[n % urls.Count]) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add(TrustooWebhookSignature.PublicTokenHeader, shop.PublicToken);
                request.Headers.Add(TrustooWebhookSignature.TimestampHeader, timestamp);
                request.Headers.Add(TrustooWebhookSignature.SignHeader, TrustooWebhookSignature.Sign(shop.PrivateToken, timestamp, body));
                request.Headers.Add(TrustooWebhookSignature.RequestIdHeader, Guid.NewGuid().ToString("N"));
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The ceiling loop's request failed: HTTP {(int)response.StatusCode}");
                }
            }
        }));
        return new Pace(total, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }

    private static async Task<(double P50, double P99, int Sent, int Late)> PacedLatencyAsync(WebApplication app, CreatedShop shop, Receiver receiver, int perSecond, int seconds)
    {
        receiver.Reset();
        var committed = new ConcurrentDictionary<string, long>();
        const int PerTick = 10;
        var ticks = perSecond / PerTick * seconds;
        var clock = Stopwatch.StartNew();
        for (var tick = 0; tick < ticks; tick++)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
                var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
                var ids = Enumerable.Range(0, PerTick).Select(i => $"l{tick}-{i}").ToList();
                foreach (var id in ids)
                {
                    outbox.Add(shop.ShopId, Topics.ReviewCreated, Payload(id));
                }
                await db.SaveChangesAsync();
                var at = Stopwatch.GetTimestamp();
                foreach (var id in ids)
                {
                    committed[id] = at;
                }
            }
            var due = TimeSpan.FromMilliseconds((tick + 1) * 1000.0 / (perSecond / PerTick));
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }
        await receiver.WaitForAsync(ticks * PerTick, TimeSpan.FromMinutes(2));
        var latencies = receiver.Arrivals
            .Where(a => committed.ContainsKey(a.Key))
            .Select(a => Stopwatch.GetElapsedTime(committed[a.Key], a.Value).TotalMilliseconds)
            .Order().ToArray();
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        return (Percentile(0.50), Percentile(0.99), latencies.Length, latencies.Count(l => l > 100));
    }

    /// <summary>A review/created payload of realistic size (about 1 KB).</summary>
    private static ReviewJson Payload(string id) => new(id, 5, "Ada Lovelace", "ada@example.com", "+441234567890", "GB", "Exactly as described",
        "Fits well, washes well, arrived quickly; the colour is exactly as pictured. Would buy again for the whole family.",
        "2026-11-24T10:00:00Z", "product", "1001", "789", "email", 1, 0, 1, 0, "", 1,
        [new ReviewMediaJson("https://cdn.example.com/image1.jpg", "https://cdn.example.com/thumb1.jpg", 1, 1)],
        new ReviewReplyJson("reply_001", "Thank you for your review!", "2026-11-24T11:00:00Z"),
        new ReviewProductJson("789", "Awesome Product", "awesome-product", "https://cdn.example.com/product.jpg", "https://example.myshopify.com/products/awesome-product"),
        "2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z");

    /// <summary>A loopback receiver that answers at once and notes when each event id arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private static readonly byte[] Success = """{"code":0,"message":"success"}"""u8.ToArray();
        private readonly WebApplication _app;
        private int _count;
        private int _expected = -1;
        private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Receiver(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, long> Arrivals { get; } = new();
        private Uri BaseAddress { get; set; } = null!;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/{**path}", async (HttpContext http) =>
            {
                var body = await JsonDocument.ParseAsync(http.Request.Body);
                var id = body.RootElement.GetProperty("data").GetProperty("id").GetString()!;
                receiver.Arrivals.TryAdd(id, Stopwatch.GetTimestamp());
                if (Interlocked.Increment(ref receiver._count) == Volatile.Read(ref receiver._expected))
                {
                    receiver._allArrived.TrySetResult();
                }
                body.Dispose();
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(Success);
            });
            await app.StartAsync();
            receiver.BaseAddress = ReadBenchmark.Address(app);
            return receiver;
        }

        public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();

        public void Reset()
        {
            Arrivals.Clear();
            Volatile.Write(ref _expected, -1);
            _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _count, 0);
        }

        /// <summary>Completes the moment the <paramref name="count"/>th request since <see cref="Reset"/> arrives.</summary>
        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            Volatile.Write(ref _expected, count);
            if (Volatile.Read(ref _count) >= count)
            {
                return;
            }
            try
            {
                await _allArrived.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"received {_count} of {count}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
