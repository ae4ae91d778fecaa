using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Plaudit.Server.Hosting;
using Plaudit.Server.Merchants;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Bench;

/// <summary>
/// The merchant dashboard of a shop with many reviews: the overview, the reviews page and the
/// reviews page filtered, rendered for a signed-in merchant (a session cookie from the sign-in
/// form), against a static page of the same size served by the same server process in the same
/// run. One merchant at a time (render time) and several at once (throughput). On SQLite, and on
/// PostgreSQL when <c>PLAUDIT_BENCH_POSTGRES</c> holds a connection string to a server where a
/// database may be created.
/// </summary>
public static partial class DashboardBenchmark
{
    private const int Products = 500;
    private const int Rounds = 3;
    private const int MaxWarmUpSlices = 8;
    private const int Crowd = 8;
    private const string Email = "merchant@bench.example.com";
    private const string Password = "bench-password";
    private const string StaticPath = "/bench/static-page";

    private static (string Name, string Path)[] Pages(int reviews) =>
    [
        ("overview", "/merchant"),
        ("reviews, first page", "/merchant/reviews"),
        ("reviews, 5 stars", "/merchant/reviews?rating=5"),
        ("reviews, pending", "/merchant/reviews?status=pending"),
        // The seeded reviews have ids 1 to N in creation order: this is the page halfway down, by keyset.
        ("reviews, halfway down", $"/merchant/reviews?before={reviews / 2}"),
        ("reviews, text search (no index)", "/merchant/reviews?q=washes"),
        ("reviews, text found nowhere (reads every row)", "/merchant/reviews?q=zebra"),
    ];

    public static async Task<bool> RunAsync(int reviews, int seconds, string output)
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-bench").FullName;
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Benchmark: the merchant dashboard at {reviews:N0} reviews")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}. One shop with {reviews:N0} reviews over {Products} products (a tenth pending, half verified, a fifth with a photo, a seventh with a reply), a merchant signed in through the sign-in form; every request carries its session cookie.")
            .AppendLine(CultureInfo.InvariantCulture, $"Each page against a static page of the same size (its own bytes, captured first), served by the same Plaudit process through the same middleware. \"one merchant\": 1 connection, requests back to back, so p50/p99 are render times; \"{Crowd} merchants\": {Crowd} connections at once. {seconds} s measured per scenario in {Rounds} rounds taking turns, after a JIT warm-up; the load generator shares the machine.")
            .AppendLine();
        var ok = await RunOnAsync("SQLite", ["--ConnectionStrings:Plaudit=" + $"Data Source={Path.Combine(folder, "plaudit.db")}"], reviews, seconds, report);
        if (await PostgresBenchDatabase.CreateAsync(maxPoolSize: 50) is { } postgres)
        {
            ok &= await RunOnAsync("PostgreSQL", postgres, reviews, seconds, report);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine(report);
        Directory.Delete(folder, recursive: true);
        return ok;
    }

    private static async Task<bool> RunOnAsync(string database, string[] databaseArgs, int reviews, int seconds, StringBuilder report)
    {
        var plaudit = PlauditWebApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            // Every dashboard page carries antiforgery tokens, so antiforgery warns that it made the page uncacheable, on every request.
            "--Logging:LogLevel:Microsoft.AspNetCore.Antiforgery=Error", .. databaseArgs]);
        // For scale, mapped by the benchmark only: a page that costs nothing to make, of the size asked for.
        var staticPages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        plaudit.MapGet(StaticPath, (string name) => TypedResults.Bytes(staticPages[name], "text/html; charset=utf-8"));
        await using (var scope = plaudit.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            var shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Dashboard bench", "shop.example.com", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateAsync(shop.ShopId, Email, Password, new Uri("http://127.0.0.1/"), CancellationToken.None);
            Console.WriteLine($"{database}: seeding {reviews:N0} reviews...");
            var seeding = System.Diagnostics.Stopwatch.StartNew();
            await ReviewSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<PlauditDbContext>(), shop.ShopId, reviews, Products);
            Console.WriteLine($"{database}: seeded in {seeding.Elapsed.TotalSeconds:0} s");
            if (database == "PostgreSQL")
            {
                // What autovacuum does soon after a bulk load anyway: statistics, and the visibility map index-only scans need.
                await RawSql.ExecuteAsync(scope.ServiceProvider.GetRequiredService<PlauditDbContext>(), "VACUUM ANALYZE reviews", [], CancellationToken.None);
            }
        }
        await plaudit.StartAsync();
        var server = ReadBenchmark.Address(plaudit);
        var cookie = await SignInAsync(server);

        async Task<byte[]> GetAsync(HttpClient http, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync() : [];
        }

        var contenders = new List<(string Name, Func<HttpClient, Task<bool>> Send)>();
        using (var sampler = new HttpClient())
        {
            foreach (var (name, path) in Pages(reviews))
            {
                var page = await GetAsync(sampler, path);
                if (page.Length < 1000 || !Encoding.UTF8.GetString(page).Contains("<h1>", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{path} did not render for the signed-in merchant ({page.Length} bytes).");
                }
                staticPages[name] = page;
                var staticUrl = $"{StaticPath}?name={Uri.EscapeDataString(name)}";
                contenders.Add(($"{name} ({page.Length / 1024.0:0.0} KB)", async http => (await GetAsync(http, path)).Length > 1000));
                contenders.Add(($"static page of the same size", async http => (await GetAsync(http, staticUrl)).Length == page.Length));
            }
        }
        foreach (var (name, send) in contenders)
        {
            await JitWarmUp.UntilQuietAsync(() => LoadGenerator.RunAsync(name, send, Crowd, TimeSpan.Zero, TimeSpan.FromSeconds(1)), MaxWarmUpSlices);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"## {database}").AppendLine();
        var ok = true;
        foreach (var concurrency in new[] { 1, Crowd })
        {
            var runs = contenders.Select(_ => new List<LoadResult>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    var (name, send) = contenders[i];
                    runs[i].Add(await LoadGenerator.RunAsync(name, send, concurrency, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds((double)seconds / Rounds)));
                    Console.WriteLine($"{database}, {concurrency}: {runs[i][^1]}");
                }
            }
            var results = runs.Select(LoadResult.Combine).ToArray();
            ok &= results.All(r => r.Failures == 0);
            report.AppendLine(CultureInfo.InvariantCulture, $"### {(concurrency == 1 ? "One merchant (render time)" : $"{Crowd} merchants at once")}").AppendLine()
                .AppendLine("| page | requests | failures | requests/s | p50 ms | p99 ms | static page: requests/s | p50 ms | p99 ms | **page / static, requests/s** | p50 × static |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < results.Length; i += 2)
            {
                var (page, same) = (results[i], results[i + 1]);
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {page.Name} | {page.Requests:N0} | {page.Failures + same.Failures} | {page.RequestsPerSecond:N0} | {page.P50Ms:0.0} | {page.P99Ms:0.0} | {same.RequestsPerSecond:N0} | {same.P50Ms:0.00} | {same.P99Ms:0.00} | **{page.RequestsPerSecond / same.RequestsPerSecond:0.000}** | {page.P50Ms / same.P50Ms:0} |"));
            }
            report.AppendLine();
        }
        await plaudit.StopAsync();
        return ok;
    }

    /// <summary>Signs in as a browser would (the form's antiforgery token, same-origin POST) and returns the cookies to send.</summary>
    private static async Task<string> SignInAsync(Uri server)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server };
        var form = await http.GetStringAsync(MerchantPages.SignInPath);
        var fields = HiddenInput().Matches(form).Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .Append(KeyValuePair.Create("email", Email)).Append(KeyValuePair.Create("password", Password));
        using var request = new HttpRequestMessage(HttpMethod.Post, MerchantPages.SignInPath) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", server.GetLeftPart(UriPartial.Authority));
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The benchmark's merchant could not sign in: {response.StatusCode}.");
        }
        return cookies.GetCookieHeader(server);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();
}
