using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Plaudit.Bench;

/// <summary>
/// The SmtpServer library's listener, but with Nagle's algorithm off on each accepted socket. The
/// library writes each reply line with its own flush; with pipelining (MAIL, RCPT and DATA sent at
/// once) the second and third replies then wait for the client's ACK of the first, which Linux delays
/// by up to 40 ms. That held both sides of the bench near 40 messages/s whatever the sender did.
/// The tests' SMTP server (<c>SmtpSink</c>) compiles this file too, so a test never waits out a delayed ACK.
/// </summary>
internal sealed class NoDelayEndpointListener(TcpListener listener) : IEndpointListener
{
    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        var client = await listener.AcceptTcpClientAsync(cancellationToken);
        client.NoDelay = true;
        context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
        context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint!);
        return new PlainPipe(client);
    }

    public void Dispose() => listener.Stop();

    /// <summary>The library's own pipe type is internal; without STARTTLS a plain one does.</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());
        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());
        public bool IsSecure => false;
        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("This SMTP server offers no TLS (neither the bench nor the tests use STARTTLS).");

        public void Dispose() => client.Dispose();
    }

    public sealed class Factory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayEndpointListener(listener);
        }
    }
}
