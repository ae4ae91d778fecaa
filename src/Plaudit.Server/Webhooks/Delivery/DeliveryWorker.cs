using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The delivery loop: claim due deliveries (leased to this node), send each through its format,
/// record the attempt and decide what happens next (<see cref="DeliveryRecorder"/>). A bounded pool
/// with a per-subscription cap; woken at once by new deliveries, otherwise at the next due time.
/// </summary>
public sealed class DeliveryWorker(
    IServiceScopeFactory scopes,
    DeliveryWake wake,
    WebhookSender sender,
    IEnumerable<IDeliveryFormat> formats,
    ShopTokens shopTokens,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly string _nodeId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly Dictionary<string, IDeliveryFormat> _formats = formats.ToDictionary(f => f.Shape);
    private readonly ConcurrentDictionary<long, int> _inFlightPerSubscription = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private int _inFlight;

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = Options.MaxConcurrency - Volatile.Read(ref _inFlight);
                var claimed = free > 0 ? await ClaimAsync(free, stoppingToken) : [];
                foreach (var work in claimed)
                {
                    Start(work, stoppingToken);
                }
                if (claimed.Count > 0 && claimed.Count == free)
                {
                    continue;
                }
                await wake.WaitAsync(await NextWaitAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Delivery loop failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        // Let attempts already on the wire finish and be recorded; anything cut off is retried by its lease.
        await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Start(ClaimedDelivery work, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _inFlight);
        _inFlightPerSubscription.AddOrUpdate(work.SubscriptionId, 1, (_, n) => n + 1);
        var task = Task.Run(() => DeliverAsync(work, stoppingToken), CancellationToken.None);
        _running[task] = true;
        task.ContinueWith(t =>
        {
            _running.TryRemove(t, out _);
            _inFlightPerSubscription.AddOrUpdate(work.SubscriptionId, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _inFlight);
            wake.Set();
        }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(ClaimedDelivery work, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await AttemptAsync(work, stoppingToken);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeliveryRecorder>().RecordAsync(work, _nodeId, outcome, CancellationToken.None);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Delivery {DeliveryId} could not be recorded; its lease will expire and it will be retried", work.DeliveryId);
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(ClaimedDelivery work, CancellationToken stoppingToken)
    {
        if (!work.SubscriptionActive)
        {
            return new AttemptOutcome(false, null, null, "The subscription is inactive.", null, 0);
        }
        if (!_formats.TryGetValue(work.Shape, out var format) || !Uri.TryCreate(work.Url, UriKind.Absolute, out var url))
        {
            return new AttemptOutcome(false, null, null, $"Cannot deliver to '{work.Url}' in format '{work.Shape}'.", null, 0);
        }
        var context = new DeliveryContext(work.RequestId, work.Topic, work.ShopId, work.ShopPublicToken,
            shopTokens.UnprotectCached(work.ProtectedSecret), work.EventId, work.OccurredAt, work.Payload, clock.GetUtcNow());
        using var request = format.BuildRequest(url, context);
        return await sender.SendAsync(request, format, stoppingToken);
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(int free, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var saturated = _inFlightPerSubscription.Where(p => p.Value >= Options.PerEndpointConcurrency).Select(p => p.Key).ToList();
        var ids = await DeliveryClaims.ClaimAsync(db, _nodeId, now, now + Options.LeaseDuration, free, Options.PerEndpointConcurrency, saturated, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }
        return await (
            from d in db.WebhookDeliveries.AsNoTracking()
            where ids.Contains(d.Id)
            join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
            join e in db.OutboxEvents on d.OutboxEventId equals e.Id
            join shop in db.Shops on d.ShopId equals shop.Id
            select new ClaimedDelivery(d.Id, d.RequestId, d.Topic, d.AttemptCount, d.ShopId, s.Id, s.Url, s.Shape, s.IsActive,
                e.EventId, e.OccurredAt, e.Payload, shop.PublicToken, shop.ProtectedPrivateToken))
            .ToListAsync(cancellationToken);
    }

    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var next = await db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending)
            .MinAsync(d => (DateTime?)d.NextAttemptAt, cancellationToken);
        var wait = next is null ? Options.PollInterval : next.Value - clock.GetUtcNow().UtcDateTime;
        return wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait > Options.PollInterval ? Options.PollInterval : wait;
    }
}

/// <summary>A leased delivery with everything needed to send it.</summary>
public sealed record ClaimedDelivery(
    long DeliveryId,
    string RequestId,
    string Topic,
    int AttemptCount,
    long ShopId,
    long SubscriptionId,
    string Url,
    string Shape,
    bool SubscriptionActive,
    string EventId,
    DateTime OccurredAt,
    string Payload,
    string ShopPublicToken,
    string ProtectedSecret);
