using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Plaudit.Server.Hosting;
using Plaudit.Server.Media;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Bench;

/// <summary>
/// A 200 MB video uploaded to the local media provider with the pre-signed URL, against the same
/// upload to a trivial Kestrel endpoint that only drains the body, in the same run: throughput and
/// how much the process's memory grows while the file streams through.
/// </summary>
public static class MediaBenchmark
{
    public static async Task<bool> RunAsync(long bytes, string output)
    {
        var folder = Directory.CreateTempSubdirectory("plaudit-media-bench").FullName;
        var plaudit = PlauditWebApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Plaudit=Data Source={Path.Combine(folder, "bench.db")}",
            $"--Media:Root={Path.Combine(folder, "media")}", $"--Media:MaxVideoBytes={bytes}", "--Logging:LogLevel:Default=Warning", "--Webhooks:Enabled=false"]);
        CreatedShop shop;
        await using (var scope = plaudit.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shop = await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Bench", null, CancellationToken.None);
        }
        await plaudit.StartAsync();

        var trivialBuilder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        trivialBuilder.Logging.ClearProviders();
        trivialBuilder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var trivial = trivialBuilder.Build();
        trivial.MapPut("/drain", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await trivial.StartAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var baseline = await MeasureAsync("trivial endpoint draining the body", http, new Uri(ReadBenchmark.Address(trivial), "drain"), bytes);
        var upload = plaudit.Services.GetRequiredService<IMediaStore>().CreateVideoUpload(shop.ShopId, new VideoUpload("bench.mp4", null, "video/mp4"), ReadBenchmark.Address(plaudit));
        var local = await MeasureAsync("Plaudit local media upload (checked, streamed to disk)", http, new Uri(upload.UploadUrl), bytes);
        var stored = new FileInfo(Path.Combine(folder, "media", "files", upload.Key));

        var report = new StringBuilder()
            .AppendLine("# Media upload: a 200 MB video through the local provider")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; client, server and baseline in one process over loopback.")
            .AppendLine()
            .AppendLine("| upload | status | MB/s | peak working set growth while uploading |")
            .AppendLine("|---|---|---|---|")
            .AppendLine(baseline.Row())
            .AppendLine(local.Row())
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Stored file: {(stored.Exists ? stored.Length : 0):N0} bytes (expected {bytes:N0}).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ratios (Plaudit / baseline): throughput {local.MegabytesPerSecond / baseline.MegabytesPerSecond:0.00}; memory growth {local.PeakGrowthMb:0.0} MB vs {baseline.PeakGrowthMb:0.0} MB** — the file never sits in memory: growth stays a small fraction of the {bytes / 1048576.0:0} MB uploaded.");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine(report);

        await plaudit.StopAsync();
        await trivial.StopAsync();
        Directory.Delete(folder, recursive: true);
        return stored.Exists && stored.Length == bytes && local.Status == 201;
    }

    private sealed record Measurement(string Name, int Status, double MegabytesPerSecond, double PeakGrowthMb)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture, $"| {Name} | {Status} | {MegabytesPerSecond:0} | {PeakGrowthMb:0.0} MB |");
    }

    private static async Task<Measurement> MeasureAsync(string name, HttpClient http, Uri url, long bytes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var stopwatch = Stopwatch.StartNew();
        using var content = new StreamContent(new GeneratedVideo(bytes), 81920);
        content.Headers.ContentLength = bytes;
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var response = await http.PutAsync(url, content);
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new Measurement(name, (int)response.StatusCode, bytes / 1048576.0 / stopwatch.Elapsed.TotalSeconds, (peak - before) / 1048576.0);
    }

    /// <summary>An MP4 header followed by filler, produced as it is read: the client holds no copy either.</summary>
    private sealed class GeneratedVideo(long length) : Stream
    {
        private static readonly byte[] Header = [0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 2, 0];
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Header.Length ? Header[at] : (byte)(at * 31);
            }
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
