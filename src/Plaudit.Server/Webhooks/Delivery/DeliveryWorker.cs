using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The delivery loop. First attempts arrive already leased from the dispatcher; due retries and
/// deliveries whose node died are claimed here. Each is sent through its format, bounded globally and
/// per subscription (one slow receiver cannot starve the rest), and its outcome goes to
/// <see cref="DeliveryRecorder"/>, which writes attempts in batches. While held, leases are renewed,
/// so a delivery queued behind a slow receiver is never taken over and sent twice.
/// </summary>
public sealed class DeliveryWorker(
    IServiceScopeFactory scopes,
    DeliveryWake wake,
    HeldDeliveries held,
    SqliteWriteGate writeGate,
    WebhookSender sender,
    IEnumerable<IDeliveryFormat> formats,
    SigningSecrets secrets,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private const int RecordBatchSize = 500;
    private static readonly TimeSpan RecordGather = TimeSpan.FromMilliseconds(5);
    private readonly Dictionary<string, IDeliveryFormat> _formats = formats.ToDictionary(f => f.Shape);
    // Attempts made, to be recorded; or (Attempt null) deliveries handed back unsent, to be unleased.
    private readonly Channel<(ClaimedDelivery Work, FinishedAttempt? Attempt)> _finished =
        Channel.CreateUnbounded<(ClaimedDelivery, FinishedAttempt?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _sendSlots = new(options.Value.MaxConcurrency);
    // Deliveries whose attempt went on the wire and has no outcome yet; on shutdown their leases stay.
    private readonly ConcurrentDictionary<long, byte> _onTheWire = new();
    // The batch whose outcomes the recorder is writing: no longer held, but their leases are still renewed.
    private volatile long[] _beingRecorded = [];
    private DeliveryLanes? _lanes;
    private CancellationToken _stopping;
    private bool _wakeOnRelease;
    private long _lastForget;

    private DeliveryLanes Lanes => _lanes ?? throw new InvalidOperationException("The delivery worker has not started.");

    private WebhookOptions Options => options.Value;

    // Claims wait until a useful amount of room is free, so they come in batches, not one by one.
    private int ClaimBatch => Math.Max(1, held.Limit / 8);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (Options.AllowPrivateNetworks)
        {
            logger.LogInformation("Webhooks may be delivered to loopback and private-network addresses (Webhooks:AllowPrivateNetworks is on, as in Development and serve --demo); turn it off where anyone you do not trust registers webhooks.");
        }
        _lanes = new DeliveryLanes(Options.PerEndpointConcurrency, SendAsync, clock);
        var recorder = Task.Run(RecordLoopAsync, CancellationToken.None);
        var starter = Task.Run(() => StartLoopAsync(stoppingToken), CancellationToken.None);
        var renewer = Task.Run(() => RenewLoopAsync(stoppingToken), CancellationToken.None);
        // Claims run only when due work may be waiting unleased: after a wake-up (new unleased
        // deliveries, a resend, a poll for due retries and expired leases), and while a claim is
        // cut short by room, again whenever room is released. Otherwise the loop sleeps.
        var mayHaveDue = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ForgetIdleSubscriptions();
                var free = held.Free;
                if (mayHaveDue && free >= ClaimBatch)
                {
                    var (claimed, cutShort) = await ClaimAsync(free, stoppingToken);
                    if (cutShort && claimed == free)
                    {
                        continue;
                    }
                    mayHaveDue = cutShort;
                }
                Volatile.Write(ref _wakeOnRelease, mayHaveDue);
                var wait = mayHaveDue ? Options.PollInterval : await NextWaitAsync(stoppingToken);
                await wake.WaitAsync(wait, stoppingToken);
                mayHaveDue = true;
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
        // Attempts on the wire are cancelled by the stopping token and those that finished are
        // recorded. Then the leases of deliveries that never went out are given up, so another node,
        // or this one restarted, takes them at once instead of waiting out their leases. A cut-off
        // attempt keeps its lease: its receiver may still be working on it.
        held.Close();
        await Task.WhenAll(starter, renewer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var idle = await Finished(Lanes.WhenIdleAsync());
        _finished.Writer.TryComplete();
        var recorded = await Finished(recorder);
        if (idle && recorded)
        {
            await GiveUpLeasesAsync([.. _onTheWire.Keys]);
        }
    }

    /// <summary>What this node remembers per subscription (pace, lane) shrinks back as subscriptions go away; checked once a minute.</summary>
    private void ForgetIdleSubscriptions()
    {
        if (clock.GetElapsedTime(_lastForget) < TimeSpan.FromMinutes(1))
        {
            return;
        }
        _lastForget = clock.GetTimestamp();
        held.ForgetIdle();
        Lanes.RemoveIdle(HeldDeliveries.ForgetAfter);
    }

    private static async Task<bool> Finished(Task task)
    {
        await task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return task.IsCompleted;
    }

    private async Task GiveUpLeasesAsync(List<long> cutOff)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
            using var writing = await writeGate.EnterAsync(CancellationToken.None);
            await db.WebhookDeliveries.Where(d => d.LeaseOwner == held.NodeId && d.Status == DeliveryStatus.Pending && !cutOff.Contains(d.Id))
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Giving up delivery leases on shutdown failed; they are taken over once they expire");
        }
    }

    private async Task StartLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in held.Ready.ReadAllAsync(stoppingToken))
            {
                Lanes.Enqueue(work);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One attempt, within the global bound; its outcome goes to the recorder. Never throws.</summary>
    private async Task SendAsync(ClaimedDelivery work)
    {
        var stoppingToken = _stopping;
        try
        {
            await _sendSlots.WaitAsync(stoppingToken);
            try
            {
                _onTheWire[work.DeliveryId] = 0;
                var outcome = await AttemptAsync(work, stoppingToken);
                _onTheWire.TryRemove(work.DeliveryId, out _);
                var surplus = held.Observe(work.SubscriptionId, outcome.DurationMs);
                if (surplus > 0)
                {
                    HandBackWaiting(work.SubscriptionId, surplus);
                }
                _finished.Writer.TryWrite((work, new FinishedAttempt(work, outcome, clock.GetUtcNow().UtcDateTime)));
            }
            finally
            {
                _sendSlots.Release();
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

    /// <summary>
    /// The subscription holds far more than its receiver's pace now warrants (it has slowed down or
    /// stopped answering): the surplus still waiting for its send slots goes back, unleased, to be
    /// claimed again as it recovers, and the room it took is free for other subscriptions.
    /// </summary>
    private void HandBackWaiting(long subscriptionId, int count)
    {
        var taken = Lanes.TakeWaiting(subscriptionId, count);
        // Their room is free at once, so the subscription's other send loops see the surplus gone.
        Release(taken);
        foreach (var work in taken)
        {
            _finished.Writer.TryWrite((work, null));
        }
    }

    private async Task RecordLoopAsync()
    {
        var batch = new List<(ClaimedDelivery Work, FinishedAttempt? Attempt)>(RecordBatchSize);
        while (await _finished.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Each transaction has a fixed cost, so outcomes are gathered for a moment into bigger
            // batches; the receiver has its delivery already, only its log entry waits.
            await Task.Delay(RecordGather, clock);
            while (batch.Count < RecordBatchSize && _finished.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var handedBack = batch.Where(b => b.Attempt is null).Select(b => b.Work.DeliveryId).ToList();
            // Room is released before the commit: once committed, a delivery may be due again at once
            // and claimed by this node, and that new hold must not be mistaken for the one ending here.
            // Until the commit, their leases are still renewed.
            _beingRecorded = [.. batch.Select(b => b.Work.DeliveryId)];
            Release(batch.Select(b => b.Work));
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var writing = await writeGate.EnterAsync(CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<DeliveryRecorder>()
                    .RecordAsync(batch.Select(b => b.Attempt).OfType<FinishedAttempt>().ToList(), handedBack, held.NodeId, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Recording {Count} attempts failed; their deliveries are retried once their leases expire", batch.Count);
            }
            _beingRecorded = [];
            if (handedBack.Count > 0)
            {
                wake.Set();
            }
            batch.Clear();
        }
    }

    private void Release(IEnumerable<ClaimedDelivery> done)
    {
        held.Release(done);
        if (Volatile.Read(ref _wakeOnRelease))
        {
            wake.Set();
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
        if (Encoding.UTF8.GetByteCount(work.Payload) is var size && size > Options.MaxPayloadBytes)
        {
            // Not sent, but not dropped either: the delivery fails saying why, on the attempt log the
            // merchant reads, and goes out once the limit is raised and it is resent.
            logger.LogWarning("Delivery {DeliveryId} not sent: its payload is {Size} bytes, over Webhooks:MaxPayloadBytes ({Max})", work.DeliveryId, size, Options.MaxPayloadBytes);
            return new AttemptOutcome(false, null, null,
                $"Not sent: the event's payload is {size} bytes, more than this server sends (Webhooks:MaxPayloadBytes = {Options.MaxPayloadBytes}). Once the limit is raised, resend the delivery.",
                null, 0);
        }
        using var request = format.BuildRequest(url, DeliveryContext.Of(work, secrets.Resolve(work.Key), clock.GetUtcNow()));
        return await sender.SendAsync(request, format, stoppingToken);
    }

    /// <summary>
    /// Claims due deliveries into the free room, skipping subscriptions without a round's worth of
    /// room; cut short when more may be due than was taken (room ran out, or a subscription was skipped).
    /// </summary>
    private async Task<(int Claimed, bool CutShort)> ClaimAsync(int free, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var room = held.RoomPerSubscription();
        var (crowded, withRoom) = FairShare.SplitByRoom(room, Options.PerEndpointConcurrency);
        if (!await DeliveryClaims.AnyDueAsync(db, now, crowded, cancellationToken))
        {
            return (0, crowded.Count > 0);
        }
        List<long> ids;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            ids = await DeliveryClaims.ClaimAsync(db, held.NodeId, now, now + Options.LeaseDuration, free, held.UnknownSubscriptionRoom, withRoom, crowded, cancellationToken);
        }
        if (ids.Count == 0)
        {
            return (0, crowded.Count > 0);
        }
        var claimed = await DeliveryClaims.LoadAsync(db, ids, cancellationToken);
        foreach (var work in claimed)
        {
            held.TryHoldClaimed(work);
        }
        // More may be due than was taken when room ran out, a subscription was skipped, or one got all the room it had.
        var cutShort = ids.Count == free || crowded.Count > 0 || claimed.GroupBy(w => w.SubscriptionId)
            .Any(g => g.Count() >= withRoom.GetValueOrDefault(g.Key, held.UnknownSubscriptionRoom));
        return (ids.Count, cutShort);
    }

    /// <summary>Keeps the leases of held deliveries alive; a node that dies stops renewing, and its deliveries are taken over.</summary>
    private async Task RenewLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Options.LeaseDuration / 4, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var ids = held.DeliveryIds().Concat(_beingRecorded).Distinct().ToList();
                    var until = clock.GetUtcNow().UtcDateTime + Options.LeaseDuration;
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PlauditDbContext>();
                    foreach (var chunk in ids.Chunk(500))
                    {
                        using (await writeGate.EnterAsync(stoppingToken))
                        {
                            await db.WebhookDeliveries
                                .Where(d => chunk.Contains(d.Id) && d.LeaseOwner == held.NodeId && d.Status == DeliveryStatus.Pending)
                                .ExecuteUpdateAsync(d => d.SetProperty(x => x.LeaseExpiresAt, until), stoppingToken);
                        }
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Renewing delivery leases failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
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
        base.Dispose();
    }
}
