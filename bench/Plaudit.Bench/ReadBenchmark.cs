using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Plaudit.Client;
using Plaudit.Server.Hosting;
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
        await plaudit.StartAsync();

        // The same database served with the read cache off: every request runs its queries.
        var uncached = PlauditWebApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Plaudit={connectionString}", "--Logging:LogLevel:Default=Warning", "--ReadCache:Enabled=false"]);
        await uncached.StartAsync();

        var trivialBuilder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        trivialBuilder.Logging.ClearProviders();
        var trivial = trivialBuilder.Build();
        trivial.MapGet("/", () => TypedResults.Text("ok"));
        await trivial.StartAsync();

        var plauditUrl = Address(plaudit);
        var uncachedUrl = Address(uncached);
        var trivialUrl = Address(trivial);
        var random = new Random(1);

        var baseline = await LoadGenerator.RunAsync("trivial Kestrel endpoint", async http =>
        {
            using var response = await http.GetAsync(trivialUrl);
            return response.IsSuccessStatusCode;
        }, Concurrency, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(baseline);

        Func<HttpClient, Task<bool>> SignedGetReviews(Uri server) => async http =>
        {
            var productId = ReviewSeeder.ProductId(random.Next(Products));
            KeyValuePair<string, string>[] query = [new("product_ids", productId), new("page_size", "20"), new("page", "1")];
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{server}api/v1/openapi/get_reviews?{QueryParameters.Build(query)}");
            request.Headers.Add("Public-Token", shop.PublicToken);
            request.Headers.Add("Timestamp", timestamp);
            request.Headers.Add("Sign", OpenApiSignature.Sign(shop.PrivateToken, query, timestamp, []));
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode && body.AsSpan().StartsWith("{\"code\":0,"u8);
        };

        var signed = await LoadGenerator.RunAsync("signed get_reviews (read cache on, the default)", SignedGetReviews(plauditUrl), Concurrency, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(signed);
        var cold = await LoadGenerator.RunAsync("signed get_reviews (read cache off)", SignedGetReviews(uncachedUrl), Concurrency, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(cold);

        var ratio = signed.RequestsPerSecond / baseline.RequestsPerSecond;
        var report = new StringBuilder()
            .AppendLine("# Benchmark: signed get_reviews vs a trivial Kestrel endpoint")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite, one shop with {reviews:N0} reviews over {Products} products;")
            .AppendLine(CultureInfo.InvariantCulture, $"{Concurrency} concurrent keep-alive connections over loopback, 3 s warm-up then {seconds} s measured; client and servers share the machine.")
            .AppendLine("Request: `GET /api/v1/openapi/get_reviews?product_ids=<random product>&page_size=20&page=1`, HMAC-signed per request.")
            .AppendLine()
            .AppendLine("| endpoint | requests | failures | requests/s | p50 ms | p99 ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(Row(baseline))
            .AppendLine(Row(signed))
            .AppendLine(Row(cold))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ratio (signed get_reviews / trivial endpoint requests/s): {ratio:0.00}** with the read cache (target ≥ 0.50); {cold.RequestsPerSecond / baseline.RequestsPerSecond:0.00} with it off.")
            .ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);

        await plaudit.StopAsync();
        await uncached.StopAsync();
        await trivial.StopAsync();
        Directory.Delete(folder, recursive: true);
        return signed.Failures + cold.Failures == 0;
    }

    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");

    private static string Row(LoadResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Requests:N0} | {r.Failures} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} |");
}
