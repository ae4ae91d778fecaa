using System.Diagnostics;

namespace Plaudit.Bench;

/// <summary>A closed-loop load generator: N workers send requests back to back for a fixed time.</summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, Func<HttpClient, Task<bool>> send, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler);

        await RunWorkersAsync(http, send, concurrency, warmup, null);
        var latencies = new List<double>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            latencies[i] = new List<double>(100_000);
        }
        var clock = Stopwatch.StartNew();
        var failures = await RunWorkersAsync(http, send, concurrency, duration, latencies);
        var elapsed = clock.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, failures, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<int> RunWorkersAsync(HttpClient http, Func<HttpClient, Task<bool>> send, int concurrency, TimeSpan duration, List<double>[]? latencies)
    {
        var failures = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await send(http);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
                latencies?[worker].Add(ms);
            }
        });
        await Task.WhenAll(workers);
        return failures;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

public sealed record LoadResult(string Name, int Requests, int Failures, double RequestsPerSecond, double P50Ms, double P99Ms);
