using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Plaudit.Server.Emails;

/// <summary>
/// Sends over SMTP with MailKit, reusing connections: each concurrent sender takes an idle connection
/// (or opens one), sends, and gives it back; a connection that failed is dropped, not reused. Servers
/// close connections left idle, and a send on a closed one would fail (and be retried as a refusal),
/// so a connection idle for more than a second is checked with NOOP before it carries a message.
/// </summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options, TimeProvider clock) : IMailTransport, IAsyncDisposable
{
    private static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(1);
    private readonly ConcurrentBag<(SmtpClient Client, long IdleSince)> _idle = [];

    private SmtpOptions Smtp => options.Value.Smtp;

    public string Description => $"SMTP server {Smtp.Host}:{Smtp.Port}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = await TakeIdleAsync(cancellationToken) ?? await ConnectAsync(cancellationToken);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Smtp.Timeout);
            await client.SendAsync(message, deadline.Token);
            _idle.Add((client, clock.GetTimestamp()));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>An idle connection that is still open, or null.</summary>
    private async Task<SmtpClient?> TakeIdleAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var idle))
        {
            if (!idle.Client.IsConnected)
            {
                idle.Client.Dispose();
                continue;
            }
            if (clock.GetElapsedTime(idle.IdleSince) < CheckAfterIdle)
            {
                return idle.Client;
            }
            try
            {
                await idle.Client.NoOpAsync(cancellationToken);
                return idle.Client;
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException)
            {
                idle.Client.Dispose();
            }
        }
        return null;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)Smtp.Timeout.TotalMilliseconds };
        try
        {
            var security = Smtp.Security switch
            {
                "none" => SecureSocketOptions.None,
                "starttls" => SecureSocketOptions.StartTls,
                "ssl" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(await ConnectSocketAsync(cancellationToken), Smtp.Host!, Smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(Smtp.Username))
            {
                await client.AuthenticateAsync(Smtp.Username, Smtp.Password ?? "", cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A socket with Nagle's algorithm off, handed to MailKit (which owns it from then on). MailKit writes
    /// a message in several buffered writes and then waits for the server's answer; with Nagle on, the
    /// last write waits for the ACK of the one before, which the server delays (up to 40 ms on Linux), so
    /// every message costs that much on one connection.
    /// </summary>
    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Smtp.Timeout);
            await socket.ConnectAsync(Smtp.Host!, Smtp.Port, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var idle))
        {
            var client = idle.Client;
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // Closing anyway.
            }
            client.Dispose();
        }
    }
}
