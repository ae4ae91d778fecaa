using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Plaudit.Client;
using Plaudit.Server.Hosting;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Bench;

/// <summary>
/// Signed get_reviews (page_size 20, one product filter) on a shop with 100,000 reviews on SQLite,
/// against a trivial Kestrel endpoint measured in the same run with the same load generator.
/// </summary>
public static class ReadBenchmark
{
    private const int Concurrency = 32;
    private const int Products = 500;
    private const int Rounds = 5;
    private const int MaxWarmUpSlices = 20;

    public static async Task<bool> RunAsync(int reviews, int seconds, string output)
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-bench").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "bench.db")}";
        var plaudit = PlauditWebApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Plaudit={connectionString}", "--Logging:LogLevel:Default=Warning"]);
        CreatedShop shop;
        await using (var scope = plaudit.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Bench", null, CancellationToken.None);
            Console.WriteLine($"Seeding {reviews:N0} reviews...");
            await ReviewSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<PlauditDbContext>(), shop.ShopId, reviews, Products);
        }
        // For scale: Plaudit's middleware in front of an endpoint that does no work, answering with
        // bytes captured below. Mapped by the benchmark only; the server has no such endpoint.
        byte[] staticAnswer = [];
        plaudit.MapGet($"{OpenApiRequestMiddleware.PathPrefix}/bench_static_answer", () => TypedResults.Bytes(staticAnswer, "application/json"));
        await plaudit.StartAsync();

        // The same database served with the read cache off: every request runs its queries.
        WebApplication trivial;
        int sameSizeBytes;
        var uncached = PlauditWebApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Plaudit={connectionString}", "--Logging:LogLevel:Default=Warning", "--ReadCache:Enabled=false"]);
        await uncached.StartAsync();

        var plauditUrl = Address(plaudit);
        var uncachedUrl = Address(uncached);

        Func<HttpClient, Task<bool>> SignedGetReviews(Uri server) => async http =>
        {
            var body = await SignedGetAsync(http, server, "get_reviews", RandomProduct());
            return body.AsSpan().StartsWith("{\"code\":0,"u8);
        };

        // For scale only, not the target: the floor set by moving an answer of this size over loopback.
        using (var sampler = new HttpClient())
        {
            var sample = await SignedGetAsync(sampler, plauditUrl, "get_reviews", ReviewSeeder.ProductId(0));
            var trivialBuilder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
            trivialBuilder.Logging.ClearProviders();
            var trivialApp = trivialBuilder.Build();
            trivialApp.MapGet("/", () => TypedResults.Text("ok"));
            trivialApp.MapGet("/same-size", () => TypedResults.Bytes(sample, "application/json"));
            await trivialApp.StartAsync();
            trivial = trivialApp;
            sameSizeBytes = sample.Length;
            staticAnswer = sample;
        }
        var trivialUrl = Address(trivial);
        var sameSizeUrl = new Uri(trivialUrl, "same-size");

        async Task<bool> Trivial(HttpClient http)
        {
            using var response = await http.GetAsync(trivialUrl);
            return response.IsSuccessStatusCode;
        }

        async Task<bool> SameSize(HttpClient http)
        {
            using var response = await http.GetAsync(sameSizeUrl);
            var body = await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode && body.Length == sameSizeBytes;
        }

        async Task<bool> SignedStaticAnswer(HttpClient http)
        {
            var body = await SignedGetAsync(http, plauditUrl, "bench_static_answer", RandomProduct());
            return body.Length == sameSizeBytes;
        }

        // Built exactly as an integrator's request to get_reviews, whatever the endpoint.
        async Task<byte[]> SignedGetAsync(HttpClient http, Uri server, string endpoint, string productId)
        {
            KeyValuePair<string, string>[] query = [new("product_ids", productId), new("page_size", "20"), new("page", "1")];
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{server}{OpenApiRequestMiddleware.PathPrefix.TrimStart('/')}/{endpoint}?{QueryParameters.Build(query)}");
            request.Headers.Add("Public-Token", shop.PublicToken);
            request.Headers.Add("Timestamp", timestamp);
            request.Headers.Add("Sign", OpenApiSignature.Sign(shop.PrivateToken, query, timestamp, []));
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
        }

        // They take turns, a slice each per round, so a slow spell of this (shared) machine
        // weighs on all of them alike rather than on whichever happened to be running.
        var contenders = new (string Name, Func<HttpClient, Task<bool>> Send)[]
        {
            ("trivial Kestrel endpoint", Trivial),
            ("signed get_reviews (read cache on, the default)", SignedGetReviews(plauditUrl)),
            ("signed get_reviews (read cache off)", SignedGetReviews(uncachedUrl)),
            ("static answer of get_reviews' size from the trivial app", SameSize),
            ("the same static answer to a signed request, through Plaudit's middleware", SignedStaticAnswer),
        };
        // Warm-up, not measured: each contender runs one-second slices until the JIT settles.
        var warmUpSeconds = 0;
        foreach (var (name, send) in contenders)
        {
            warmUpSeconds += await JitWarmUp.UntilQuietAsync(
                () => LoadGenerator.RunAsync(name, send, Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(1)), MaxWarmUpSlices);
        }
        var runs = contenders.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                runs[i].Add(await LoadGenerator.RunAsync(contenders[i].Name, contenders[i].Send, Concurrency, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds((double)seconds / Rounds)));
                Console.WriteLine(runs[i][^1]);
            }
        }
        var (baseline, signed, cold, sameSize, ceiling) = (LoadResult.Combine(runs[0]), LoadResult.Combine(runs[1]), LoadResult.Combine(runs[2]), LoadResult.Combine(runs[3]), LoadResult.Combine(runs[4]));

        var ratio = signed.RequestsPerSecond / baseline.RequestsPerSecond;
        var report = new StringBuilder()
            .AppendLine("# Benchmark: signed get_reviews vs a trivial Kestrel endpoint")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite, one shop with {reviews:N0} reviews over {Products} products;")
            .AppendLine(CultureInfo.InvariantCulture, $"{Concurrency} concurrent keep-alive connections over loopback; {seconds} s measured per endpoint, in {Rounds} rounds taking turns (0.5 s warm-up before each); client and servers share the machine.")
            .AppendLine(CultureInfo.InvariantCulture, $"Before the rounds, each endpoint is warmed up in one-second slices until a slice compiles at most {JitWarmUp.QuietMethods} new methods ({warmUpSeconds} s in all this run), so none pays for tiered JIT compilation.")
            .AppendLine("Request: `GET /api/v1/openapi/get_reviews?product_ids=<random product>&page_size=20&page=1`, HMAC-signed per request.")
            .AppendLine()
            .AppendLine("| endpoint | requests | failures | requests/s | p50 ms | p99 ms | CPU per request | allocated per request |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(Row(baseline))
            .AppendLine(Row(signed))
            .AppendLine(Row(cold))
            .AppendLine(Row(sameSize))
            .AppendLine(Row(ceiling))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ratio (signed get_reviews / trivial endpoint requests/s): {ratio:0.00}** with the read cache (target ≥ 0.50); {cold.RequestsPerSecond / baseline.RequestsPerSecond:0.00} with it off.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"For scale: the trivial app serving a static answer of the same size ({sameSizeBytes:N0} bytes) reaches {sameSize.RequestsPerSecond / baseline.RequestsPerSecond:0.00} of the trivial endpoint; signed get_reviews reaches {signed.RequestsPerSecond / sameSize.RequestsPerSecond:0.00} of that.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Ceiling: a signed request built exactly like get_reviews', answered with those bytes by an endpoint that does no work (no authentication, no cache, no envelope) behind Plaudit's middleware, reaches {ceiling.RequestsPerSecond / baseline.RequestsPerSecond:0.00} of the trivial endpoint. Only the endpoint's own work separates get_reviews from that row; signed get_reviews reaches {signed.RequestsPerSecond / ceiling.RequestsPerSecond:0.00} of it.")
            .ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);

        await plaudit.StopAsync();
        await uncached.StopAsync();
        await trivial.StopAsync();
        Directory.Delete(folder, recursive: true);
        return signed.Failures + cold.Failures + ceiling.Failures == 0;
    }

    private static string RandomProduct() => ReviewSeeder.ProductId(Random.Shared.Next(Products));

    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");

    private static string Row(LoadResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Requests:N0} | {r.Failures} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.CpuMicrosecondsPerRequest:N0} µs | {r.AllocatedKilobytesPerRequest:N1} KB |");
}
