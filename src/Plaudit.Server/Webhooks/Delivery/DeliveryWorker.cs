using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Shops;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The delivery loop: claim due deliveries (leased to this node), send each through its format, and
/// hand the outcome to <see cref="DeliveryRecorder"/>, which writes attempts in batches. Sending is
/// bounded globally and per subscription, so one slow receiver cannot starve the rest. Woken at once
/// by new deliveries, otherwise at the next due time.
/// </summary>
public sealed class DeliveryWorker(
    IServiceScopeFactory scopes,
    DeliveryWake wake,
    WebhookSender sender,
    IEnumerable<IDeliveryFormat> formats,
    SigningSecrets secrets,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private const int RecordBatchSize = 500;
    private readonly string _nodeId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly Dictionary<string, IDeliveryFormat> _formats = formats.ToDictionary(f => f.Shape);
    private readonly Channel<FinishedAttempt> _finished = Channel.CreateUnbounded<FinishedAttempt>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _sendSlots = new(options.Value.MaxConcurrency);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _endpointSlots = new();
    private readonly ConcurrentDictionary<long, int> _heldPerSubscription = new();
    private readonly ConcurrentDictionary<Task, bool> _sending = new();
    private int _held;

    private WebhookOptions Options => options.Value;

    // Claimed but not yet recorded: a few rounds of work per slot, so claims are batched, yet bounded.
    private int HoldLimit => Options.MaxConcurrency * 8;
    private int HoldLimitPerSubscription => Options.PerEndpointConcurrency * 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recorder = Task.Run(() => RecordLoopAsync(), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = HoldLimit - Volatile.Read(ref _held);
                var claimed = free > 0 ? await ClaimAsync(free, stoppingToken) : [];
                foreach (var work in claimed)
                {
                    Start(work, stoppingToken);
                }
                if (claimed.Count > 0 && claimed.Count == free)
                {
                    continue;
                }
                // While deliveries are held, each one finishing wakes the loop; otherwise sleep until the next is due.
                var wait = Volatile.Read(ref _held) > 0 ? Options.PollInterval : await NextWaitAsync(stoppingToken);
                await wake.WaitAsync(wait, stoppingToken);
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
        // Let attempts on the wire finish and be recorded; anything cut off is retried once its lease expires.
        await Task.WhenAll(_sending.Keys).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _finished.Writer.TryComplete();
        await recorder.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Start(ClaimedDelivery work, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _held);
        _heldPerSubscription.AddOrUpdate(work.SubscriptionId, 1, (_, n) => n + 1);
        var task = Task.Run(() => SendAsync(work, stoppingToken), CancellationToken.None);
        _sending[task] = true;
        task.ContinueWith(t => _sending.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task SendAsync(ClaimedDelivery work, CancellationToken stoppingToken)
    {
        var endpoint = _endpointSlots.GetOrAdd(work.SubscriptionId, _ => new SemaphoreSlim(Options.PerEndpointConcurrency));
        try
        {
            await endpoint.WaitAsync(stoppingToken);
            try
            {
                await _sendSlots.WaitAsync(stoppingToken);
                try
                {
                    var outcome = await AttemptAsync(work, stoppingToken);
                    _finished.Writer.TryWrite(new FinishedAttempt(work, outcome, clock.GetUtcNow().UtcDateTime));
                    return;
                }
                finally
                {
                    _sendSlots.Release();
                }
            }
            finally
            {
                endpoint.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Release([work]);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivery {DeliveryId} failed unexpectedly; it is retried once its lease expires", work.DeliveryId);
            Release([work]);
        }
    }

    private async Task RecordLoopAsync()
    {
        var batch = new List<FinishedAttempt>(RecordBatchSize);
        while (await _finished.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < RecordBatchSize && _finished.Reader.TryRead(out var attempt))
            {
                batch.Add(attempt);
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeliveryRecorder>().RecordAsync(batch, _nodeId, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Recording {Count} attempts failed; their deliveries are retried once their leases expire", batch.Count);
            }
            Release(batch.Select(b => b.Work));
            batch.Clear();
        }
    }

    private void Release(IEnumerable<ClaimedDelivery> done)
    {
        foreach (var work in done)
        {
            _heldPerSubscription.AddOrUpdate(work.SubscriptionId, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _held);
        }
        wake.Set();
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
        var context = new DeliveryContext(work.RequestId, work.Topic, work.ShopId, work.ShopPublicToken, work.ShopDomain, work.WebhookId, work.PlatformClientId,
            secrets.Resolve(work.Key), work.EventId, work.OccurredAt, work.Payload, clock.GetUtcNow());
        using var request = format.BuildRequest(url, context);
        return await sender.SendAsync(request, format, stoppingToken);
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(int free, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var saturated = _heldPerSubscription.Where(p => p.Value >= HoldLimitPerSubscription).Select(p => p.Key).ToList();
        var ids = await DeliveryClaims.ClaimAsync(db, _nodeId, now, now + Options.LeaseDuration, free, HoldLimitPerSubscription, saturated, cancellationToken);
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
            from platform in db.Platforms.Where(p => p.ClientId == s.PlatformClientId).DefaultIfEmpty()
            select new ClaimedDelivery(d.Id, d.RequestId, d.Topic, d.AttemptCount, d.ShopId, s.Id, s.Url, s.Shape, s.IsActive,
                e.EventId, e.OccurredAt, e.Payload, shop.PublicToken, shop.Domain, s.PublicId, s.PlatformClientId,
                new SigningKey(s.ProtectedSecret, platform != null ? platform.ProtectedClientSecret : null, shop.ProtectedPrivateToken)))
            .ToListAsync(cancellationToken);
    }

    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var next = await db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending && d.LeaseOwner == null)
            .MinAsync(d => (DateTime?)d.NextAttemptAt, cancellationToken);
        var wait = next is null ? Options.PollInterval : next.Value - clock.GetUtcNow().UtcDateTime;
        return wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > Options.PollInterval ? Options.PollInterval : wait;
    }

    public override void Dispose()
    {
        _sendSlots.Dispose();
        foreach (var slot in _endpointSlots.Values)
        {
            slot.Dispose();
        }
        base.Dispose();
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
    string? ShopDomain,
    Guid WebhookId,
    string? PlatformClientId,
    SigningKey Key);

/// <summary>
/// The candidates for a delivery's signing secret, all encrypted: the subscription's own, else its
/// platform's client secret, else the shop's private token.
/// </summary>
public sealed record SigningKey(string? SubscriptionSecret, string? PlatformSecret, string ShopPrivateToken);
