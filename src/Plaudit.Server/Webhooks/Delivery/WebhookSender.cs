using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>What one attempt saw.</summary>
public sealed record AttemptOutcome(bool Succeeded, int? StatusCode, string? ResponseBody, string? Error, TimeSpan? RetryAfter, int DurationMs);

/// <summary>Sends one attempt through the pooled "webhooks" client and classifies the answer.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    // The client's handler lives as long as the process (see WebhookServices), so one client serves every attempt.
    private readonly Lazy<HttpClient> _http = new(() => httpClients.CreateClient(ClientName));

    public const string ClientName = "webhooks";
    private const int KeptResponseBytes = 1024;

    public async Task<AttemptOutcome> SendAsync(HttpRequestMessage request, IDeliveryFormat format, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // The receiver's time limit covers its whole answer: the client's own timeout ends at the
        // response headers, and a receiver could send those and then stall its body.
        using var timeout = new CancellationTokenSource(options.Value.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadPrefixAsync(response, linked.Token);
            var status = (int)response.StatusCode;
            var succeeded = format.IsSuccess(status, body);
            var text = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, KeptResponseBytes)));
            return new AttemptOutcome(succeeded, status, text, succeeded ? null : Describe(status), RetryAfter(response), Elapsed());
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
        {
            return new AttemptOutcome(false, null, null, refused.Message, null, Elapsed());
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(false, null, null, "Connection failed: " + Messages(ex), null, Elapsed());
        }
        catch (IOException ex)
        {
            // The connection broke while the answer's body was being read.
            return new AttemptOutcome(false, null, null, "Connection failed: " + Messages(ex), null, Elapsed());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, null, "Timed out waiting for the receiver.", null, Elapsed());
        }
    }

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
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        return buffer[..total];
    }

    private static ReceiverUnreachableException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is ReceiverUnreachableException refused)
            {
                return refused;
            }
        }
        return null;
    }
}
