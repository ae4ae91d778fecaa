using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Hosting;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using Plaudit.Server.Widget;

namespace Plaudit.Bench;

/// <summary>
/// What a page with the widget costs Plaudit: the script's size, then its calls under load (the
/// script, stars for a category page of 24 products, the review list, one star's reviews, an event
/// batch), each also while shoppers send events, against the trivial read measured in the same run.
/// On SQLite, and on PostgreSQL when <c>PLAUDIT_BENCH_POSTGRES</c> holds a connection string to a
/// server where a database may be created (<see cref="PostgresBenchDatabase"/>).
/// </summary>
public static class WidgetBenchmark
{
    private const int Concurrency = 32;
    private const int Products = 500;
    private const int StarsPerPage = 24;
    private const int Rounds = 2;
    private const double ShopperEventsPerSecond = 20;

    public static async Task<bool> RunAsync(int reviews, int seconds, string output)
    {
        var script = new WidgetScript();
        var folder = Directory.CreateTempSubdirectory("plaudit-bench").FullName;
        var ceiling = await CeilingApp.StartAsync(folder);
        var report = new StringBuilder()
            .AppendLine("# Benchmark: the storefront widget")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}.")
            .AppendLine()
            .AppendLine("| script | bytes | budget |")
            .AppendLine("|---|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| plaudit.js | {script.Bytes.Length:N0} | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| gzipped (as served) | {script.Gzipped.Length:N0} | {(script.Gzipped.Length <= 30 * 1024 ? "✓" : "✗")} ≤ 30,720 |")
            .AppendLine(CultureInfo.InvariantCulture, $"| brotli (for a CDN in front) | {Brotli(script.Bytes):N0} | |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"One shop with {reviews:N0} reviews over {Products} products. {Concurrency} concurrent keep-alive connections over loopback (closed loop); {seconds} s per scenario in {Rounds} rounds, after a JIT warm-up; load generator, Plaudit and the ceiling app share the machine. \"+ shoppers\": meanwhile customer events at {ShopperEventsPerSecond:0}/s (open loop) and a review every 3 s, which changes what the lists show.")
            .AppendLine();
        var ok = await RunOnAsync("SQLite", ["--ConnectionStrings:Plaudit=" + $"Data Source={Path.Combine(folder, "plaudit.db")}"], reviews, seconds, ceiling, report);
        if (await PostgresBenchDatabase.CreateAsync(maxPoolSize: 100) is { } postgres)
        {
            ok &= await RunOnAsync("PostgreSQL", postgres, reviews, seconds, ceiling, report);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine(report);
        await ceiling.StopAsync();
        Directory.Delete(folder, recursive: true);
        return ok && script.Gzipped.Length <= 30 * 1024;
    }

    private static async Task<bool> RunOnAsync(string database, string[] databaseArgs, int reviews, int seconds, WebApplication ceiling, StringBuilder report)
    {
        string[] args = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Storefront:SubmissionsPerMinute=100000000", "--Storefront:EventsPerMinute=100000000",
            .. databaseArgs];
        var plaudit = PlauditWebApp.Build(args);
        CreatedShop shop;
        await using (var scope = plaudit.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Widget bench", "shop.example.com", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            await db.Shops.ExecuteUpdateAsync(s => s.SetProperty(x => x.AutoPublishReviews, true));
            Console.WriteLine($"{database}: seeding {reviews:N0} reviews...");
            await ReviewSeeder.SeedAsync(db, shop.ShopId, reviews, Products);
        }
        await plaudit.StartAsync();
        var server = ReadBenchmark.Address(plaudit);
        var traffic = new ShopperTraffic(server, shop, Products);
        var token = Uri.EscapeDataString(shop.PublicToken);
        var ceilingUrl = ReadBenchmark.Address(ceiling);
        long sequence = 0;

        async Task<bool> Get(HttpClient http, string url, bool gzip = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Origin", ShopperTraffic.Origin);
            if (gzip)
            {
                request.Headers.Add("Accept-Encoding", "gzip");
            }
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode && (await response.Content.ReadAsByteArrayAsync()).Length > 0;
        }
        Task<bool> TrivialRead(HttpClient http) => Get(http, ceilingUrl.ToString());
        Task<bool> Script(HttpClient http) => Get(http, $"{server}widget/v1/plaudit.js", gzip: true);
        Task<bool> Stars(HttpClient http)
        {
            var first = Random.Shared.Next(Products - StarsPerPage);
            var ids = string.Join(',', Enumerable.Range(first, StarsPerPage).Select(ReviewSeeder.ProductId));
            return Get(http, $"{server}storefront/v1/stars?public_token={token}&product_ids={ids}");
        }
        Task<bool> List(HttpClient http) =>
            Get(http, $"{server}storefront/v1/reviews?public_token={token}&product_id={traffic.RandomProduct()}&page_size=5");
        Task<bool> OneStar(HttpClient http) =>
            Get(http, $"{server}storefront/v1/reviews?public_token={token}&product_id={traffic.RandomProduct()}&rating={1 + Random.Shared.Next(5)}&page_size=5");
        async Task<bool> EventBatch(HttpClient http)
        {
            var n = Interlocked.Increment(ref sequence);
            var events = string.Join(',', Enumerable.Range(0, 10).Select(i => $$"""{"event_type":"VIEW_WIDGET","properties":{"product_id":"{{traffic.RandomProduct()}}","n":{{n * 10 + i}} } }"""));
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{server}storefront/v1/events/batch?public_token={token}")
            {
                Content = new StringContent($$"""{"client_id":"c-{{n % 5000}}","page_url":"{{ShopperTraffic.Origin}}/p","events":[{{events}}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Origin", ShopperTraffic.Origin);
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode == 202;
        }

        var shoppersDuringStars = new ShopperStream(traffic, ShopperEventsPerSecond, TimeSpan.FromSeconds(3));
        var shoppersDuringList = new ShopperStream(traffic, ShopperEventsPerSecond, TimeSpan.FromSeconds(3));
        var contenders = new (string Name, Func<HttpClient, Task<bool>> Send, ShopperStream? Shoppers)[]
        {
            ("ceiling: trivial read", TrivialRead, null),
            ("widget script (gzip)", Script, null),
            ($"stars, {StarsPerPage} products per request", Stars, null),
            ($"stars, {StarsPerPage} products + shoppers", Stars, shoppersDuringStars),
            ("review list (widget's first page)", List, null),
            ("review list + shoppers", List, shoppersDuringList),
            ("one star's reviews", OneStar, null),
            ("event batch of 10", EventBatch, null),
        };
        using (var probe = new HttpClient())
        {
            // The shoppers' stream and the list, once, so a run that measures only failures says why.
            Console.WriteLine($"probe: list {await List(probe)}, stars {await Stars(probe)}, event {await traffic.StorefrontEventAsync(probe)}, batch {await EventBatch(probe)}");
        }
        foreach (var (name, send, _) in contenders)
        {
            await JitWarmUp.UntilQuietAsync(() => LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(1)), 5);
        }
        var runs = contenders.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var (name, send, shoppers) = contenders[i];
                Task<LoadResult> Measure() => LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds((double)seconds / Rounds));
                runs[i].Add(shoppers is null ? await Measure() : await shoppers.AroundAsync(Measure));
                Console.WriteLine($"{database}: {runs[i][^1]}");
            }
        }
        var results = runs.Select(LoadResult.Combine).ToArray();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {database}").AppendLine()
            .AppendLine("| scenario | requests | failures | requests/s | / trivial read | p50 ms | p99 ms | CPU per request | allocated per request |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Requests:N0} | {r.Failures} | {r.RequestsPerSecond:N0} | {r.RequestsPerSecond / results[0].RequestsPerSecond:0.00} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.CpuMicrosecondsPerRequest:N0} µs | {r.AllocatedKilobytesPerRequest:N1} KB |"));
        }
        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Shoppers during the stars: {shoppersDuringStars.Summary()}.")
            .AppendLine(CultureInfo.InvariantCulture, $"Shoppers during the list: {shoppersDuringList.Summary()}.")
            .AppendLine();
        await plaudit.StopAsync();
        await plaudit.DisposeAsync();
        return results.All(r => r.Failures == 0);
    }

    private static int Brotli(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(bytes);
        }
        return (int)output.Length;
    }
}
