using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>A real HTTP receiver on a loopback port that records every webhook and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Decides the answer to the n-th request (from 1) to a path; default: 200 {"code":0}.</summary>
    public Func<ReceivedWebhook, int, Reply> Respond { get; set; } = (_, _) => Reply.Ok;

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var counts = new ConcurrentDictionary<string, int>();
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var received = new ReceivedWebhook(
                http.Request.Path.Value!,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray(),
                DateTime.UtcNow);
            var n = counts.AddOrUpdate(received.Path, 1, (_, c) => c + 1);
            var reply = receiver.Respond(received, n);
            if (reply.Delay > TimeSpan.Zero)
            {
                // A sender that gives up (a timeout, a stopping node) ends the wait, so the receiver stops promptly.
                await Task.Delay(reply.Delay, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            receiver._received.Enqueue(received);
            receiver._arrived.Release();
            if (reply.RetryAfterSeconds is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (reply.BodyStall > TimeSpan.Zero)
            {
                // Headers and the first byte now, the rest of the body after the stall.
                var bytes = System.Text.Encoding.UTF8.GetBytes(reply.Body);
                http.Response.StatusCode = reply.Status;
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = bytes.Length;
                await http.Response.Body.WriteAsync(bytes.AsMemory(0, 1));
                await http.Response.Body.FlushAsync();
                await Task.Delay(reply.BodyStall, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!http.RequestAborted.IsCancellationRequested)
                {
                    await http.Response.Body.WriteAsync(bytes.AsMemory(1));
                }
                return Results.Empty;
            }
            return Results.Text(reply.Body, "application/json", statusCode: reply.Status);
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return receiver;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for what has been received.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> predicate, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var snapshot = _received.ToList();
            if (predicate(snapshot))
            {
                return snapshot;
            }
            try
            {
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout} for webhooks; received {snapshot.Count}: {string.Join(" | ", snapshot.Take(5).Select(r => r.Path + " " + r.Text))}");
            }
        }
    }

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForCountAsync(string path, int count, TimeSpan? timeout = null) =>
        WaitForAsync(all => all.Count(r => r.Path == path) >= count, timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}

public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTime At)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no {name} header; got {string.Join(", ", Headers.Keys)}");
}

/// <summary>An answer: <paramref name="Delay"/> holds it all back; <paramref name="BodyStall"/> sends the headers, then holds back the body.</summary>
public sealed record Reply(int Status, string Body, TimeSpan Delay = default, int? RetryAfterSeconds = null, TimeSpan BodyStall = default)
{
    public static readonly Reply Ok = new(200, """{"code":0,"message":"success"}""");
    public static Reply Error(int status) => new(status, """{"error":"nope"}""");
}
