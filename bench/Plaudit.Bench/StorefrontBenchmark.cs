using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Bench;

/// <summary>
/// The shopper path under load: the widget's list over many products, signed get_reviews over many
/// URLs, both again while shoppers record events and submit reviews, event ingestion, review
/// submissions and signed create_review, each against the ceilings measured in the same run
/// (<see cref="CeilingApp"/>). On SQLite, and on PostgreSQL when <c>PLAUDIT_BENCH_POSTGRES</c>
/// holds a connection string to a server where a database may be created.
/// </summary>
public static class StorefrontBenchmark
{
    private const int Concurrency = 32;
    private const int Products = 500;
    private const int Rounds = 3;
    private const int MaxWarmUpSlices = 10;
    private const double ShopperEventsPerSecond = 20;
    private static readonly TimeSpan SubmissionEvery = TimeSpan.FromSeconds(3);

    public static async Task<bool> RunAsync(int reviews, int seconds, string output)
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-bench").FullName;
        var ceiling = await CeilingApp.StartAsync(folder);
        var report = new StringBuilder()
            .AppendLine("# Benchmark: the storefront under shopper load")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}. One shop with {reviews:N0} reviews over {Products} products (a fifth with a photo, a seventh with a reply); writes go to a second shop so the read figures stay about reads.")
            .AppendLine(CultureInfo.InvariantCulture, $"{Concurrency} concurrent keep-alive connections over loopback (closed loop); {seconds} s measured per scenario in {Rounds} rounds taking turns, after a JIT warm-up; load generator, Plaudit and the ceiling app share the machine.")
            .AppendLine(CultureInfo.InvariantCulture, $"\"+ shoppers\": meanwhile customer events at {ShopperEventsPerSecond:0}/s (open loop) and a review submitted every {SubmissionEvery.TotalSeconds:0} s to the shop being read, which changes what the lists show.")
            .AppendLine("Rate limits are raised for the run (one address sends everything). Ceilings: `GET /` answering `ok`, and `POST /insert` adding the body as one row to a SQLite file in WAL mode with synchronous=NORMAL, each request its own transaction.")
            .AppendLine();
        var ok = await RunOnAsync("SQLite", ["--ConnectionStrings:Plaudit=" + $"Data Source={Path.Combine(folder, "plaudit.db")}"], reviews, seconds, ceiling, report);
        if (await PostgresBenchDatabase.CreateAsync(maxPoolSize: 100) is { } postgres)
        {
            ok &= await RunOnAsync("PostgreSQL", postgres, reviews, seconds, ceiling, report);
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PLAUDIT_BENCH_ONLY")))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine(report);
        }
        await ceiling.StopAsync();
        Directory.Delete(folder, recursive: true);
        return ok;
    }

    private static async Task<bool> RunOnAsync(string database, string[] databaseArgs, int reviews, int seconds, WebApplication ceiling, StringBuilder report)
    {
        string[] common = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Storefront:SubmissionsPerMinute=100000000", "--Storefront:EventsPerMinute=100000000", .. databaseArgs];
        var plaudit = PlauditWebApp.Build(common);
        CreatedShop readShop, writeShop;
        await using (var scope = plaudit.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            var registry = scope.ServiceProvider.GetRequiredService<ShopRegistry>();
            readShop = await registry.CreateAsync("Storefront bench", "shop.example.com", CancellationToken.None);
            writeShop = await registry.CreateAsync("Storefront bench writes", "shop.example.com", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            await db.Shops.ExecuteUpdateAsync(s => s.SetProperty(x => x.AutoPublishReviews, true));
            Console.WriteLine($"{database}: seeding {reviews:N0} reviews...");
            await ReviewSeeder.SeedAsync(db, readShop.ShopId, reviews, Products);
            await ReviewSeeder.SeedAsync(db, writeShop.ShopId, 0, Products);
        }
        await plaudit.StartAsync();
        var uncached = PlauditWebApp.Build([.. common, "--ReadCache:Enabled=false"]);
        await uncached.StartAsync();

        var reads = new ShopperTraffic(ReadBenchmark.Address(plaudit), readShop, Products);
        var uncachedReads = new ShopperTraffic(ReadBenchmark.Address(uncached), readShop, Products);
        var writes = new ShopperTraffic(ReadBenchmark.Address(plaudit), writeShop, Products);
        var ceilingUrl = ReadBenchmark.Address(ceiling);
        using (var sampler = new HttpClient())
        {
            CeilingApp.StaticAnswer = await reads.SignedGetAsync(sampler, "get_reviews", ReviewSeeder.ProductId(0));
        }
        var shoppers = new ShopperStream(reads, ShopperEventsPerSecond, SubmissionEvery);
        var shoppersDuringGetReviews = new ShopperStream(reads, ShopperEventsPerSecond, SubmissionEvery);

        async Task<bool> TrivialRead(HttpClient http)
        {
            using var response = await http.GetAsync(ceilingUrl);
            return response.IsSuccessStatusCode;
        }
        async Task<bool> TrivialWrite(HttpClient http)
        {
            var body = string.Create(CultureInfo.InvariantCulture, $$"""{"event_type":"VIEW_REVIEW","client_id":"c-{{Random.Shared.Next(5000)}}","properties":{"n":{{Random.Shared.NextInt64()}} } }""");
            using var response = await http.PostAsync(new Uri(ceilingUrl, "insert"), new StringContent(body, Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode;
        }
        async Task<bool> SameSize(HttpClient http)
        {
            using var response = await http.GetAsync(new Uri(ceilingUrl, "same-size"));
            return (await response.Content.ReadAsByteArrayAsync()).Length == CeilingApp.StaticAnswer.Length;
        }
        async Task<bool> SameSizeAfterReads(HttpClient http)
        {
            using var response = await http.GetAsync(new Uri(ceilingUrl, "same-size-read"));
            return (await response.Content.ReadAsByteArrayAsync()).Length == CeilingApp.StaticAnswer.Length;
        }
        var sqlite = databaseArgs[0].StartsWith("--ConnectionStrings:Plaudit=Data Source=", StringComparison.Ordinal);
        CeilingApp.ReadDatabase = sqlite ? (databaseArgs[0]["--ConnectionStrings:Plaudit=".Length..], readShop.ShopId, Products) : null;
        CeilingApp.WriteShopId = writeShop.ShopId;
        async Task<bool> OneReviewRow(HttpClient http)
        {
            var body = $"Bought it for my sister; she wears it every day. Review number {Random.Shared.Next()}.";
            using var response = await http.PostAsync(new Uri(ceilingUrl, "insert-review"), new StringContent(body, Encoding.UTF8, "text/plain"));
            return response.IsSuccessStatusCode;
        }

        var contenders = new (string Name, Func<HttpClient, Task<bool>> Send, ShopperStream? Background)[]
        {
            ("ceiling: trivial read", TrivialRead, null),
            ("ceiling: trivial SQLite write", TrivialWrite, null),
            ("storefront list, 500 products", reads.StorefrontListAsync, null),
            ("storefront list + shoppers", reads.StorefrontListAsync, shoppers),
            ("signed get_reviews, 500 products", reads.SignedGetReviewsAsync, null),
            ("signed get_reviews + shoppers", reads.SignedGetReviewsAsync, shoppersDuringGetReviews),
            ("signed get_reviews, read cache off", uncachedReads.SignedGetReviewsAsync, null),
            ("ceiling: static answer of get_reviews' size", SameSize, null),
            ("storefront events, each a new body", writes.StorefrontEventAsync, null),
            ("storefront review submissions", writes.StorefrontSubmissionAsync, null),
            ("signed create_review", writes.SignedCreateReviewAsync, null),
        };
        if (sqlite)
        {
            contenders = [.. contenders, ("ceiling: get_reviews' SQLite statements, then the static answer", SameSizeAfterReads, null),
                ("ceiling: one review row into Plaudit's reviews table", OneReviewRow, null)];
        }
        // For profiling one scenario: PLAUDIT_BENCH_ONLY=<part of a name>|<part of another> runs those alone, in that order, reporting no targets.
        if (Environment.GetEnvironmentVariable("PLAUDIT_BENCH_ONLY") is { Length: > 0 } only)
        {
            foreach (var (name, send, _) in only.Split('|').SelectMany(part => contenders.Where(c => c.Name.Contains(part, StringComparison.OrdinalIgnoreCase))))
            {
                Console.WriteLine($"pid {Environment.ProcessId}: {name}");
                for (var slice = 0; slice < seconds; slice++)
                {
                    Console.WriteLine(await LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
                }
            }
            await plaudit.StopAsync();
            await uncached.StopAsync();
            return true;
        }
        foreach (var (name, send, _) in contenders)
        {
            await JitWarmUp.UntilQuietAsync(() => LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(1)), MaxWarmUpSlices);
        }
        var runs = contenders.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var (name, send, background) = contenders[i];
                Task<LoadResult> Measure() => LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds((double)seconds / Rounds));
                runs[i].Add(background is null ? await Measure() : await background.AroundAsync(Measure));
                Console.WriteLine($"{database}: {runs[i][^1]}");
            }
        }
        var results = runs.Select(LoadResult.Combine).ToArray();
        double Rps(int i) => results[i].RequestsPerSecond;

        report.AppendLine(CultureInfo.InvariantCulture, $"## {database}").AppendLine()
            .AppendLine("| scenario | requests | failures | requests/s | p50 ms | p99 ms | CPU per request | allocated per request |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            report.AppendLine(Row(r));
        }
        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Shoppers during the list: {shoppers.Summary()}.")
            .AppendLine(CultureInfo.InvariantCulture, $"Shoppers during get_reviews: {shoppersDuringGetReviews.Summary()}.")
            .AppendLine()
            .AppendLine("| target | measured | goal |")
            .AppendLine("|---|---:|---:|")
            .AppendLine(Target("1. storefront list / trivial read", Rps(2) / Rps(0), 0.3))
            .AppendLine(Target("2. storefront list with shoppers / without", Rps(3) / Rps(2), 0.8))
            .AppendLine(Target("2. signed get_reviews with shoppers / without", Rps(5) / Rps(4), 0.8))
            .AppendLine(Target("2. shopper events achieved / asked (both read scenarios)", Math.Min(shoppers.AchievedEventsPerSecond, shoppersDuringGetReviews.AchievedEventsPerSecond) / ShopperEventsPerSecond, 0.95))
            .AppendLine(Target("3. storefront events / trivial SQLite write", Rps(8) / Rps(1), 0.5))
            .AppendLine(Target("4. storefront submissions / trivial SQLite write", Rps(9) / Rps(1), 0.2))
            .AppendLine(Target("4. signed create_review / trivial SQLite write", Rps(10) / Rps(1), 0.2))
            .AppendLine(Target("5. get_reviews, cache off / static answer of its size", Rps(6) / Rps(7), 0.3))
            .AppendLine(sqlite ? string.Join('\n',
                ScaleRow("5, ceiling: a plain endpoint running get_reviews' SQLite statements / static answer", Rps(11) / Rps(7)),
                Target("5, proposed: get_reviews, cache off / that plain endpoint", Rps(6) / Rps(11), 0.8),
                ScaleRow("4, ceiling: a plain endpoint inserting one review row (today's indexes) / trivial SQLite write", Rps(12) / Rps(1)),
                Target("4, proposed: storefront submissions / that plain endpoint", Rps(9) / Rps(12), 0.8),
                Target("4, proposed: signed create_review / that plain endpoint", Rps(10) / Rps(12), 0.8)) : "")
            .AppendLine(CultureInfo.InvariantCulture, $"\nFor scale: signed get_reviews over 500 products (cache on) is {Rps(4) / Rps(0):0.00} × the trivial read.")
            .AppendLine();

        await plaudit.StopAsync();
        await uncached.StopAsync();
        return results.All(r => r.Failures == 0);
    }

    private static string Target(string name, double measured, double goal) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {measured:0.00} {(measured >= goal ? "✓" : "✗")} | ≥ {goal:0.00} |");

    private static string ScaleRow(string name, double measured) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {measured:0.00} | |");

    private static string Row(LoadResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Requests:N0} | {r.Failures} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.CpuMicrosecondsPerRequest:N0} µs | {r.AllocatedKilobytesPerRequest:N1} KB |");
}
