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
            // Small: 32 workers x 100,000 doubles was 25 MB of large-object heap per window, a gen-2
            // collection charged to whichever scenario ran next.
            latencies[i] = new List<double>(2_048);
        }
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var failures = await RunWorkersAsync(http, send, concurrency, duration, latencies);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;

        return new LoadResult(name, failures, elapsed.TotalSeconds, cpu.TotalMicroseconds, allocated, latencies.SelectMany(l => l).Order().ToArray());
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

}

/// <summary>Measured runs of one endpoint; CPU time and allocations are the whole process's (load generator and servers).</summary>
public sealed record LoadResult(string Name, int Failures, double Seconds, double CpuMicroseconds, long AllocatedBytes, double[] SortedLatenciesMs)
{
    public int Requests => SortedLatenciesMs.Length;
    public double RequestsPerSecond => Requests / Seconds;
    public double P50Ms => Percentile(0.50);
    public double P99Ms => Percentile(0.99);
    public double CpuMicrosecondsPerRequest => CpuMicroseconds / Math.Max(1, Requests);
    public double AllocatedKilobytesPerRequest => AllocatedBytes / 1024.0 / Math.Max(1, Requests);

    /// <summary>Several measured windows of the same endpoint as one.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs) => new(
        runs[0].Name, runs.Sum(r => r.Failures), runs.Sum(r => r.Seconds), runs.Sum(r => r.CpuMicroseconds), runs.Sum(r => r.AllocatedBytes),
        runs.SelectMany(r => r.SortedLatenciesMs).Order().ToArray());

    private double Percentile(double p) =>
        Requests == 0 ? double.NaN : SortedLatenciesMs[Math.Min(Requests - 1, (int)Math.Ceiling(p * Requests) - 1)];

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}: {RequestsPerSecond:N0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms, {CpuMicrosecondsPerRequest:N0} µs CPU and {AllocatedKilobytesPerRequest:N1} KB allocated per request");
}
