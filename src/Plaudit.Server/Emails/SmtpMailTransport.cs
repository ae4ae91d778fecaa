using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Plaudit.Server.Emails;

/// <summary>
/// Sends over SMTP with MailKit, reusing connections: each concurrent sender takes an idle connection
/// (or opens one), sends, and gives it back; a connection that failed is dropped, not reused.
/// </summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport, IAsyncDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    private SmtpOptions Smtp => options.Value.Smtp;

    public string Description => $"SMTP server {Smtp.Host}:{Smtp.Port}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = _idle.TryTake(out var idle) && idle.IsConnected ? idle : await ConnectAsync(cancellationToken);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Smtp.Timeout);
            await client.SendAsync(message, deadline.Token);
            _idle.Add(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
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
            await client.ConnectAsync(Smtp.Host!, Smtp.Port, security, cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
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
