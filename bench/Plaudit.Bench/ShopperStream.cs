using System.Diagnostics;

namespace Plaudit.Bench;

/// <summary>
/// Shoppers in the background of a read scenario: customer events at a fixed rate (an open loop:
/// each is sent on schedule whether or not the last has answered) and a review submission every
/// few seconds. Reports the pace it achieved and its latencies.
/// </summary>
public sealed class ShopperStream(ShopperTraffic traffic, double eventsPerSecond, TimeSpan submissionEvery)
{
    private readonly List<double> _eventLatencies = [];
    private int _eventsSent;
    private int _eventsFailed;
    private int _submissions;
    private int _submissionsFailed;
    private double _seconds;
    private DateTime _nextSubmission = DateTime.MinValue;

    public async Task<T> AroundAsync<T>(Func<Task<T>> measured)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var events = SendEventsAsync(http, stop.Token);
        var submissions = SubmitReviewsAsync(http, stop.Token);
        try
        {
            return await measured();
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(events, submissions);
            _seconds += clock.Elapsed.TotalSeconds;
        }
    }

    public string Summary()
    {
        var sorted = _eventLatencies.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"asked {eventsPerSecond:0}/s, achieved {(_eventsSent - _eventsFailed) / Math.Max(_seconds, 0.001):0.0}/s ({_eventsFailed} failed), event p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms; {_submissions} submissions ({_submissionsFailed} failed)");
    }

    public double AchievedEventsPerSecond => (_eventsSent - _eventsFailed) / Math.Max(_seconds, 0.001);

    private async Task SendEventsAsync(HttpClient http, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1 / eventsPerSecond);
        var inFlight = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = start + (long)(n * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            inFlight.Add(SendOneEventAsync(http));
        }
        await Task.WhenAll(inFlight);
    }

    private async Task SendOneEventAsync(HttpClient http)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = await traffic.StorefrontEventAsync(http);
        lock (_eventLatencies)
        {
            _eventsSent++;
            _eventsFailed += ok ? 0 : 1;
            _eventLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Every few seconds of wall-clock time, kept across measured windows: each window starts with one that is due.</summary>
    private async Task SubmitReviewsAsync(HttpClient http, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var wait = _nextSubmission - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            _nextSubmission = DateTime.UtcNow + submissionEvery;
            var ok = await traffic.StorefrontSubmissionAsync(http);
            Interlocked.Increment(ref _submissions);
            _submissionsFailed += ok ? 0 : 1;
        }
    }
}
