using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Sends one attempt through the pooled "webhooks" client and classifies the answer. What it records
/// must not make webhooks a probe of the network Plaudit runs in: a private receiver's answer is kept
/// as its status only, and every attempt that got no answer reads the same (the cause goes to the
/// node's debug log).
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory httpClients, PrivateNetworkGuard guard, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    // The client's handler lives as long as the process (see WebhookServices), so one client serves every attempt.
    private readonly Lazy<HttpClient> _http = new(() => httpClients.CreateClient(ClientName));

    public const string ClientName = "webhooks";

    /// <summary>Every attempt's User-Agent, set on the pooled client (see WebhookServices).</summary>
    public const string UserAgent = "Plaudit-Webhooks/1.0";
    private const int KeptResponseBytes = 1024;

    /// <summary>
    /// The one text for an attempt that got no answer, whatever the cause: a name that did not resolve,
    /// an address the guard refused, a refused or unreachable port, a service that is not HTTP, a
    /// timeout. Telling them apart would tell an attacker which internal names exist and which ports are open.
    /// </summary>
    public const string NoAnswer = "No answer from the receiver: it could not be reached, or did not answer in time.";

    public async Task<AttemptOutcome> SendAsync(HttpRequestMessage request, IDeliveryFormat format, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var url = request.RequestUri!;
        // The receiver's time limit covers its whole answer: the client's own timeout ends at the
        // response headers, and a receiver could send those and then stall its body.
        using var timeout = new CancellationTokenSource(options.Value.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Exception failure;
        try
        {
            using var response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadPrefixAsync(response, linked.Token);
            var status = (int)response.StatusCode;
            var succeeded = format.IsSuccess(status, body);
            // A private receiver's answer is logged by its status only: its body is an internal service's to keep.
            var text = guard.IsPrivateTarget(url) ? null : Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, KeptResponseBytes)));
            return new AttemptOutcome(succeeded, status, text, succeeded ? null : Describe(status), RetryAfter(response), Elapsed(started));
        }
        catch (HttpRequestException ex)
        {
            failure = ex;
        }
        catch (IOException ex)
        {
            // The connection broke while the answer's body was being read.
            failure = ex;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }
        return await NoAnswerAsync(url, failure, started, cancellationToken);
    }

    /// <summary>
    /// An attempt without an answer. Unless it failed on public addresses only, it ends when the time
    /// limit does, as a timeout would: otherwise its duration would still tell a closed port (refused
    /// at once) from an open or filtered one, and a refused name from one that does not exist.
    /// </summary>
    private async Task<AttemptOutcome> NoAnswerAsync(Uri url, Exception failure, long started, CancellationToken cancellationToken)
    {
        logger.LogDebug("No answer from {Host}:{Port}: {Cause}", url.IdnHost, url.Port, Messages(failure));
        var publicTarget = Find<ReceiverUnreachableException>(failure) is { } unreachable ? unreachable.PublicTarget : !guard.IsPrivateTarget(url);
        var rest = options.Value.Timeout - clock.GetElapsedTime(started);
        if (!publicTarget && rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, clock, cancellationToken);
        }
        return new AttemptOutcome(false, null, null, NoAnswer, null, Elapsed(started));
    }

    private int Elapsed(long started) => (int)clock.GetElapsedTime(started).TotalMilliseconds;

    // HttpClient's own message is generic ("An error occurred while sending the request"); the cause is inside.
    private static string Messages(Exception ex)
    {
        var messages = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(" ", messages.Distinct());
    }

    private static string Describe(int status) => status == 200
        ? "HTTP 200 but the body was not JSON with \"code\": 0."
        : $"HTTP {status}.";

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }
        return retryAfter.Date is { } date ? date - clock.GetUtcNow() : null;
    }

    /// <summary>
    /// Reads enough of the body to judge success (a small JSON object): up to the declared length,
    /// or 4 KiB when none is declared, and never more than 64 KiB.
    /// </summary>
    private static async Task<byte[]> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[(int)Math.Min(64 * 1024, response.Content.Headers.ContentLength ?? 4096)];
        var total = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return buffer[..total];
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }
        return null;
    }
}
