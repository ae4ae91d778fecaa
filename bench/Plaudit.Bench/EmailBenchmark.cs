using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MailKit.Security;
using MimeKit;
using Plaudit.Server.Emails;
using Plaudit.Server.Hosting;
using Plaudit.Server.Orders;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;
using SmtpServer.Storage;

namespace Plaudit.Bench;

/// <summary>
/// Review-request emails against their ceiling, in one run on SQLite: due requests sent through
/// Plaudit's sender (claim with a lease, check the order is still wanted, render the Liquid templates
/// and the signed links, send over SMTP, record) to an SMTP server in this process, versus a plain
/// MailKit loop sending messages of the same size to the same server with the same number of
/// connections. Then what scheduling costs: per order at import, and a poll when nothing is due.
/// </summary>
public static class EmailBenchmark
{
    private const int Concurrency = 4;
    private const int Rounds = 4;

    public static async Task<bool> RunAsync(int requests, string output)
    {
        await using var sink = Sink.Start();
        var folder = Directory.CreateTempSubdirectory("plaudit-email-bench").FullName;
        var app = PlauditWebApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Plaudit=Data Source={Path.Combine(folder, "bench.db")}",
            "--Logging:LogLevel:Default=Warning",
            "--Emails:Sending=false",
            "--Emails:Smtp:Host=127.0.0.1",
            $"--Emails:Smtp:Port={sink.Port}",
            "--Emails:Smtp:Security=none",
            "--Emails:FromAddress=reviews@bench.test",
            $"--Emails:MaxConcurrency={Concurrency}",
            "--Emails:BatchSize=500",
        ]);
        long shopId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            shopId = (await scope.ServiceProvider.GetRequiredService<ShopRegistry>().CreateAsync("Bench Mugs", "mugs.example", CancellationToken.None)).ShopId;
            var update = new EmailSettingsUpdate(true, 0, 0, 0, 24 * 60, "UTC", null, null, null, null, null, null);
            await scope.ServiceProvider.GetRequiredService<EmailSettingsStore>().UpdateAsync(shopId, update, CancellationToken.None);
        }
        await app.StartAsync();
        var sender = app.Services.GetRequiredService<ReviewEmailSender>();

        // Warm-up, not measured: both sides until the JIT settles.
        var warmUpRounds = await JitWarmUp.UntilQuietAsync(async () =>
        {
            await EngineAsync(app, sender, sink, shopId, "w" + Guid.NewGuid().ToString("N")[..6], 500);
            await CeilingAsync(sink, 500, sink.LastSize);
        }, 20);

        var engine = TimeSpan.Zero;
        var ceiling = TimeSpan.Zero;
        var (engineCpu, ceilingCpu) = (TimeSpan.Zero, TimeSpan.Zero);
        var (sample, loopSample) = ("", "");
        for (var round = 0; round < Rounds; round++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var (elapsed, used) = await EngineAsync(app, sender, sink, shopId, $"r{round}-", requests / Rounds);
            engine += elapsed;
            engineCpu += used;
            sample = sink.LastSize.ToString("N0", CultureInfo.InvariantCulture);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            ceiling += await CeilingAsync(sink, requests / Rounds, sink.LastSize);
            loopSample = sink.LastSize.ToString("N0", CultureInfo.InvariantCulture);
            ceilingCpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
        }
        var sent = requests / Rounds * Rounds;
        var engineRate = sent / engine.TotalSeconds;
        var ceilingRate = sent / ceiling.TotalSeconds;

        // What scheduling costs: importing orders due in a week (the scheduler runs in the import's
        // transaction), against the same import with requests turned off; then polls with all of them waiting.
        var idleOrders = requests;
        var withEmails = await ImportAsync(app, shopId, "idle-on-", idleOrders, daysAgo: 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailSettingsStore>().UpdateAsync(shopId,
                new EmailSettingsUpdate(false, null, null, null, null, null, null, null, null, null, null, null), CancellationToken.None);
        }
        var withoutEmails = await ImportAsync(app, shopId, "idle-off-", idleOrders, daysAgo: 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailSettingsStore>().UpdateAsync(shopId,
                new EmailSettingsUpdate(true, 7, null, null, null, null, null, null, null, null, null, null), CancellationToken.None);
        }
        const int Polls = 200;
        var polling = Stopwatch.StartNew();
        for (var i = 0; i < Polls; i++)
        {
            if (await sender.SendDueAsync(CancellationToken.None) != 0)
            {
                throw new InvalidOperationException("Something was due while measuring idle polls.");
            }
        }
        var perPoll = polling.Elapsed / Polls;
        var scheduling = (withEmails - withoutEmails) / idleOrders;

        var report = new StringBuilder()
            .AppendLine("# Benchmark: review-request emails vs a plain MailKit loop")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite; the SMTP server (SmtpServer, in process), Plaudit's sender and the loop share the machine.")
            .AppendLine(CultureInfo.InvariantCulture, $"Engine: `ReviewEmailSender.SendDueAsync` called until nothing is due (what the background worker does without its idle wait), Emails:MaxConcurrency={Concurrency}, BatchSize=500: claim with a lease, check each order is still wanted, render the default Liquid templates with their links (two sealed tokens: the form's, and one for the open pixel and the unsubscribe link), send over SMTP (connections reused), record sent and move the order. Messages are about {sample} bytes.")
            .AppendLine(CultureInfo.InvariantCulture, $"Ceiling: {Concurrency} MailKit connections (over NoDelay sockets, as Plaudit's) sending a MimeMessage built in the loop (HTML and text parts, short lines, 7bit like Plaudit's; about {loopSample} bytes; disposed once sent, as Plaudit's are), to the same server (which accepts with NoDelay).")
            .AppendLine(CultureInfo.InvariantCulture, $"They take turns in {Rounds} rounds of {requests / Rounds:N0}; each figure is the total over its rounds. The orders are imported before each engine round, not measured (and the import's garbage collected and its log pages checkpointed first, so the engine does not pay for them). Warm-up: {warmUpRounds} rounds of 500 each, not measured.")
            .AppendLine()
            .AppendLine("| scenario | engine messages/s | ceiling messages/s | ratio | engine CPU per message | ceiling CPU per message |")
            .AppendLine("|---|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {sent:N0} due requests | {engineRate:N0} | {ceilingRate:N0} | **{engineRate / ceilingRate:0.00}** | {engineCpu.TotalMicroseconds / sent:N0} µs | {ceilingCpu.TotalMicroseconds / sent:N0} µs |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Scheduling: importing {idleOrders:N0} orders took {withEmails.TotalSeconds:0.00} s with requests on and {withoutEmails.TotalSeconds:0.00} s with them off: **{scheduling.TotalMicroseconds:N0} µs per order** for scheduling.")
            .AppendLine(CultureInfo.InvariantCulture, $"Nothing due, {idleOrders:N0} requests scheduled a week ahead: a poll takes **{perPoll.TotalMilliseconds:0.00} ms** (an indexed read, no write lock); a node polls every Emails:PollInterval (15 s).")
            .ToString();
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);
        await app.StopAsync();
        await app.DisposeAsync();
        return engineRate / ceilingRate >= 0.7;
    }

    /// <summary>The engine's wall time and CPU time for <paramref name="count"/> due requests; the import that makes them due is in neither.</summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> EngineAsync(WebApplication app, ReviewEmailSender sender, Sink sink, long shopId, string prefix, int count)
    {
        await ImportAsync(app, shopId, prefix, count, daysAgo: 1);
        await SettleImportAsync(app);
        var before = sink.Count;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        while (await sender.SendDueAsync(CancellationToken.None) > 0)
        {
        }
        watch.Stop();
        if (sink.Count - before != count)
        {
            throw new InvalidOperationException($"Sent {sink.Count - before} messages, not {count}.");
        }
        return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>
    /// Leaves nothing of the import for the engine to pay for: its garbage collected and its pages moved
    /// from the write-ahead log into the database (otherwise the engine's first commits checkpoint them).
    /// </summary>
    private static async Task SettleImportAsync(WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlauditDbContext>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static async Task<TimeSpan> ImportAsync(WebApplication app, long shopId, string prefix, int count, int daysAgo)
    {
        var orderedAt = DateTime.UtcNow.AddDays(-daysAgo).ToString("O", CultureInfo.InvariantCulture);
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var (order, _) = OrderInput.Create($"{prefix}{i}", $"{i}", $"Customer {i}", $"c{prefix}{i}@example.com", "", orderedAt, null,
                [new OrderLine("P1", "", "Blue mug", 1), new OrderLine("P2", "", "Red plate", 1)]);
            return new ImportRow(i, order, null);
        }).ToAsyncEnumerable();
        await using var scope = app.Services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<OrderImporter>().ImportAsync(shopId, rows, null, CancellationToken.None);
        return watch.Elapsed;
    }

    /// <summary>
    /// The loop's message: as large as the engine's last one, with lines as short as an HTML email's (so,
    /// like Plaudit's, it goes out 7bit; a single 5,000-character line would make MimeKit encode it quoted-printable).
    /// </summary>
    private static async Task<TimeSpan> CeilingAsync(Sink sink, int count, long engineMessageBytes)
    {
        const int TextChars = 1200;
        var htmlChars = (int)Math.Max(1000, engineMessageBytes - TextChars - 900);
        var html = string.Join("\n", Enumerable.Range(0, htmlChars / 77 + 1).Select(_ => new string('x', 76)))[..htmlChars];
        var before = sink.Count;
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            using var client = new SmtpClient();
            // Nagle off, as Plaudit's transport does: otherwise each message waits out a delayed ACK.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, sink.Port);
            await client.ConnectAsync(socket, "127.0.0.1", sink.Port, SecureSocketOptions.None);
            while (Interlocked.Increment(ref next) < count)
            {
                using var message = new MimeMessage { Subject = "How was your order from Bench Mugs?" };
                message.From.Add(new MailboxAddress("Bench Mugs", "reviews@bench.test"));
                message.To.Add(new MailboxAddress("Customer", $"loop{next}@example.com"));
                message.Headers.Add("List-Unsubscribe", "<http://127.0.0.1/emails/unsubscribe/x>");
                message.Body = new BodyBuilder { HtmlBody = $"<html><body>{html}</body></html>", TextBody = html[..TextChars] }.ToMessageBody();
                await client.SendAsync(message);
            }
            await client.DisconnectAsync(quit: true);
        }));
        watch.Stop();
        if (sink.Count - before != count)
        {
            throw new InvalidOperationException($"The loop sent {sink.Count - before} messages, not {count}.");
        }
        return watch.Elapsed;
    }

    /// <summary>An SMTP server that accepts and counts every message (the bench measures senders, not storage).</summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly SmtpServer.SmtpServer _server;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;
        private long _count;

        private Sink(int port)
        {
            Port = port;
            var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(this));
            services.Add(new NoDelayEndpointListener.Factory());
            _server = new SmtpServer.SmtpServer(options, services);
            _running = _server.StartAsync(_stop.Token);
        }

        public int Port { get; }
        public long Count => Interlocked.Read(ref _count);
        public long LastSize { get; private set; }

        public static Sink Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new Sink(port);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _server.Shutdown();
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        private sealed class Store(Sink sink) : MessageStore
        {
            public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                sink.LastSize = buffer.Length;
                Interlocked.Increment(ref sink._count);
                return Task.FromResult(SmtpResponse.Ok);
            }
        }
    }
}
