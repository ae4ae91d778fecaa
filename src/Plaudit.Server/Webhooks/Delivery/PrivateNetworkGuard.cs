using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The SSRF guard. Forbidden addresses (see <see cref="TargetAddresses"/>) are never reached;
/// loopback and private-network addresses only while <c>Webhooks:AllowPrivateNetworks</c> is on or
/// <c>Webhooks:AllowedPrivateTargets</c> lists them. Judged on the resolved address at connect time
/// (so DNS rebinding can't slip past a check made earlier); redirects are never followed and no proxy
/// is used. A URL whose host is an address literal is judged as soon as a webhook names it.
/// </summary>
public sealed class PrivateNetworkGuard
{
    // Hosts are remembered per host and port, as connections are pooled. Past this many, every name
    // counts as private (see IsPrivateTarget): forgetting one would show a private receiver's answer.
    private const int MaxRemembered = 100_000;

    private readonly bool _allowPrivateNetworks;
    private readonly PrivateTargetAllowList _allowList;
    private readonly ConcurrentDictionary<string, byte> _privateHosts = new(StringComparer.Ordinal);
    private volatile bool _forgetful;

    public PrivateNetworkGuard(IOptions<WebhookOptions> options)
    {
        _allowPrivateNetworks = options.Value.AllowPrivateNetworks;
        _allowList = PrivateTargetAllowList.TryParse(options.Value.AllowedPrivateTargets, out var list, out var problem)
            ? list
            : throw new InvalidOperationException(problem); // WebhookOptions.Validate reports it at start already
    }

    /// <summary>
    /// True when <paramref name="url"/>'s host is an IP address the guard would refuse: such a webhook
    /// is refused when it is made or changed, not left to fail on every delivery. Names are judged when
    /// they resolve, at each connection.
    /// </summary>
    public bool RefusesAddressLiteral(Uri url) =>
        IPAddress.TryParse(url.IdnHost, out var address) && !Allows(url.IdnHost, address);

    /// <summary>
    /// True when an answer from <paramref name="url"/> may have come from a loopback or private
    /// address: an address literal that is one, or a host some connection of which reached one. Such
    /// answers are logged by status only.
    /// </summary>
    public bool IsPrivateTarget(Uri url)
    {
        if (IPAddress.TryParse(url.IdnHost, out var address))
        {
            return TargetAddresses.Classify(address) != TargetAddressKind.Public;
        }
        return _forgetful || _privateHosts.ContainsKey(Key(url.IdnHost, url.Port));
    }

    /// <summary>A ConnectCallback for SocketsHttpHandler that connects only to addresses the guard allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new ReceiverUnreachableException($"{host} did not resolve: {ex.Message}", publicTarget: false, ex);
            }
        }
        var allowed = addresses.Where(a => Allows(host, a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new ReceiverUnreachableException($"{host} resolves only to addresses webhooks may not reach; delivery refused.", publicTarget: false);
        }
        var reachesPrivate = allowed.Any(a => TargetAddresses.Classify(a) != TargetAddressKind.Public);
        if (reachesPrivate)
        {
            // Before connecting: the answer on this connection must already count as private.
            Remember(host, port);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ReceiverUnreachableException($"{host}:{port} did not accept a connection: {ex.Message}", publicTarget: !reachesPrivate, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Allows(string host, IPAddress address) => TargetAddresses.Classify(address) switch
    {
        TargetAddressKind.Public => true,
        TargetAddressKind.Private => _allowPrivateNetworks || _allowList.Allows(host, address),
        _ => false,
    };

    private void Remember(string host, int port)
    {
        if (_privateHosts.Count >= MaxRemembered)
        {
            _forgetful = true;
            return;
        }
        _privateHosts.TryAdd(Key(host, port), 0);
    }

    private static string Key(string host, int port) => $"{host.Trim('[', ']').TrimEnd('.').ToLowerInvariant()}:{port}";
}
