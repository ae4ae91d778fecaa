using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer library from NuGet): Plaudit's MailKit
/// client speaks the full protocol to it over loopback, and every message it accepts is parsed and
/// kept for the test to read. In process rather than smtp4dev, so each test gets its own server on a
/// free port with no tool to install, and can make it refuse mail. It accepts with Nagle off, as the
/// bench's server does (see NoDelayEndpointListener).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _messages = new();

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Plaudit.Bench.NoDelayEndpointListener.Factory());
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>While set, the server answers every message with a transient failure (451).</summary>
    public bool Refusing { get; set; }

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>Settings that point Plaudit at this server.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Emails:Smtp:Host"] = "127.0.0.1",
        ["Emails:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emails:Smtp:Security"] = "none",
        ["Emails:Smtp:Timeout"] = "00:00:05",
        ["Emails:FromAddress"] = "reviews@plaudit.test",
    };

    public static SmtpSink Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new SmtpSink(port);
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (_messages.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the SMTP server got {_messages.Count} messages, not {count}");
            await Task.Delay(50);
        }
        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.Refusing)
            {
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "try later"));
            }
            using var stream = new MemoryStream(buffer.ToArray());
            sink._messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
