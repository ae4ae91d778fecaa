using System.Collections.Concurrent;
using System.Net;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// A receiver that answers in HTTP/1.0 (Python's <c>http.server</c> does by default) closes the
/// connection after each answer, but SocketsHttpHandler keeps that connection in its pool. The next
/// attempt could then be written into a connection the receiver has already closed, and end with no
/// answer at all. So requests to a receiver that answered that way say <c>Connection: close</c> (their
/// connections are not kept), and a request whose connection ended before any answer is sent again at
/// once, a few times: each failure takes one closed connection out of the pool.
/// </summary>
public sealed class ClosedConnectionHandler : DelegatingHandler
{
    private const int MaxRemembered = 10_000;
    private const int Resends = 3;
    // Origins (scheme, host, port) whose last answer was HTTP/1.0 without keep-alive.
    private readonly ConcurrentDictionary<string, byte> _closingOrigins = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "";
        for (var resent = 0; ; resent++)
        {
            if (_closingOrigins.ContainsKey(origin))
            {
                request.Headers.ConnectionClose = true;
            }
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ResponseEnded && resent < Resends)
            {
                // Nothing came back: the pooled connection had been closed by the receiver. Delivery is
                // at least once, so sending again is safe.
                continue;
            }
            Remember(origin, response);
            return response;
        }
    }

    private void Remember(string origin, HttpResponseMessage response)
    {
        if (response.Version == HttpVersion.Version10 && !response.Headers.Connection.Contains("keep-alive", StringComparer.OrdinalIgnoreCase))
        {
            if (_closingOrigins.Count >= MaxRemembered)
            {
                _closingOrigins.Clear();
            }
            _closingOrigins.TryAdd(origin, 0);
        }
        else if (response.Version >= HttpVersion.Version11)
        {
            _closingOrigins.TryRemove(origin, out _);
        }
    }
}
