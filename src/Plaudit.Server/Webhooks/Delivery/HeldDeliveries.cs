using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The deliveries this node has leased and not yet recorded, and the queue of those ready to send.
/// Both ways in — the dispatcher handing over the first attempts it just wrote, and the claim of due
/// retries and orphaned leases — reserve room here first, so the node holds a bounded amount of work.
/// Each subscription may hold about <see cref="FairShare.WorkAhead"/> of its own work, judged by how long its
/// receiver has been taking: a fast receiver may fill the room (it empties in milliseconds), a slow
/// one gets a couple of rounds, so a slow receiver cannot crowd out the rest; one that slows down
/// suddenly has its surplus handed back (see <see cref="Observe"/>).
/// </summary>
public sealed class HeldDeliveries(IOptions<WebhookOptions> options, TimeProvider clock) : IDisposable
{
    /// <summary>
    /// How long the pace of a subscription that holds nothing is remembered after its last attempt.
    /// Subscriptions are removed and disabled while the node runs; without forgetting, every one ever
    /// seen would keep an entry here (and a lane in the worker) until the process ends.
    /// </summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _perSubscription = [];
    private readonly Dictionary<long, double> _latencyMs = [];
    private readonly Dictionary<long, long> _observedAt = [];
    private readonly Dictionary<long, ClaimedDelivery> _held = [];
    private readonly Channel<ClaimedDelivery> _ready = Channel.CreateUnbounded<ClaimedDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WakeSignal _room = new();
    private int _count;
    private bool _closed;

    /// <summary>Written into the lease columns; unique per process so a restarted node never mistakes old leases for its own.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A few rounds of work for every send slot: enough to keep them busy between claims.</summary>
    public int Limit => options.Value.MaxConcurrency * 16;

    public int Free
    {
        get
        {
            lock (_gate)
            {
                return Limit - _count;
            }
        }
    }

    public ChannelReader<ClaimedDelivery> Ready => _ready.Reader;

    /// <summary>Waits until some room is released, or the timeout passes.</summary>
    public Task WaitForRoomAsync(TimeSpan timeout, CancellationToken cancellationToken) => _room.WaitAsync(timeout, cancellationToken);

    /// <summary>The worker is stopping: no more room is given out, so nothing new is leased to this node.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>Reserves room for one delivery of this subscription, if the node and the subscription have it.</summary>
    public bool TryReserve(long subscriptionId)
    {
        lock (_gate)
        {
            if (_closed || _count >= Limit || _perSubscription.GetValueOrDefault(subscriptionId) >= LimitFor(subscriptionId))
            {
                return false;
            }
            Add(subscriptionId, 1);
            return true;
        }
    }

    /// <summary>
    /// Holds and queues a delivery a claim has leased (the claim asked for no more than the room there
    /// was), unless this node holds it already: a claim can take back one of this node's own leases
    /// that lapsed (renewal failed while the database was away), and the copy already queued stays the only one.
    /// </summary>
    public bool TryHoldClaimed(ClaimedDelivery work)
    {
        lock (_gate)
        {
            if (!_held.TryAdd(work.DeliveryId, work))
            {
                return false;
            }
            Add(work.SubscriptionId, 1);
        }
        _ready.Writer.TryWrite(work);
        return true;
    }

    /// <summary>Gives back a reservation that was not used (its transaction failed).</summary>
    public void Unreserve(long subscriptionId)
    {
        lock (_gate)
        {
            Add(subscriptionId, -1);
        }
        _room.Set();
    }

    /// <summary>Queues a delivery the dispatcher has just written leased, for which room was reserved, to be sent.</summary>
    public void Hand(ClaimedDelivery work)
    {
        lock (_gate)
        {
            _held[work.DeliveryId] = work;
        }
        _ready.Writer.TryWrite(work);
    }

    /// <summary>
    /// Notes how long an attempt to this subscription took (a moving average sets its share). When it
    /// now holds more than twice its share, returns how many it holds beyond its share: those of its
    /// deliveries still waiting should be handed back. Otherwise 0.
    /// </summary>
    public int Observe(long subscriptionId, int durationMs)
    {
        lock (_gate)
        {
            _latencyMs[subscriptionId] = FairShare.Pace(_latencyMs.TryGetValue(subscriptionId, out var average) ? average : null, durationMs);
            _observedAt[subscriptionId] = clock.GetTimestamp();
            return FairShare.Surplus(_perSubscription.GetValueOrDefault(subscriptionId), LimitFor(subscriptionId));
        }
    }

    /// <summary>
    /// The deliveries are recorded (or abandoned to their leases): their room is free again. Only the
    /// very copy that was held is released, never a later hold of the same delivery.
    /// </summary>
    public void Release(IEnumerable<ClaimedDelivery> done)
    {
        lock (_gate)
        {
            foreach (var work in done)
            {
                if (_held.TryGetValue(work.DeliveryId, out var holding) && ReferenceEquals(holding, work))
                {
                    _held.Remove(work.DeliveryId);
                    Add(work.SubscriptionId, -1);
                }
            }
        }
        _room.Set();
    }

    /// <summary>How many deliveries a subscription that holds nothing and is not listed by <see cref="RoomPerSubscription"/> may take.</summary>
    public int UnknownSubscriptionRoom => options.Value.PerEndpointConcurrency * 4;

    /// <summary>
    /// How many more deliveries may be claimed now for each subscription that holds some, or whose
    /// receiver is slow enough to get less than <see cref="UnknownSubscriptionRoom"/>.
    /// </summary>
    public Dictionary<long, int> RoomPerSubscription()
    {
        lock (_gate)
        {
            var room = _perSubscription.ToDictionary(p => p.Key, p => LimitFor(p.Key) - p.Value);
            foreach (var subscriptionId in _latencyMs.Keys)
            {
                if (!room.ContainsKey(subscriptionId) && LimitFor(subscriptionId) < UnknownSubscriptionRoom)
                {
                    room[subscriptionId] = LimitFor(subscriptionId);
                }
            }
            return room;
        }
    }

    /// <summary>
    /// Forgets the pace of subscriptions that hold nothing and have had no attempt for
    /// <see cref="ForgetAfter"/>: removed, disabled or just quiet. One that comes back starts again as
    /// an unknown receiver. Returns how many were forgotten.
    /// </summary>
    public int ForgetIdle()
    {
        lock (_gate)
        {
            var idle = _observedAt
                .Where(o => !_perSubscription.ContainsKey(o.Key) && clock.GetElapsedTime(o.Value) >= ForgetAfter)
                .Select(o => o.Key)
                .ToList();
            foreach (var subscriptionId in idle)
            {
                _observedAt.Remove(subscriptionId);
                _latencyMs.Remove(subscriptionId);
            }
            return idle.Count;
        }
    }

    /// <summary>How many subscriptions' pace is remembered.</summary>
    public int KnownSubscriptions
    {
        get
        {
            lock (_gate)
            {
                return _latencyMs.Count;
            }
        }
    }

    /// <summary>The ids whose leases this node must keep renewing.</summary>
    public List<long> DeliveryIds()
    {
        lock (_gate)
        {
            return [.. _held.Keys];
        }
    }

    /// <summary>
    /// The subscription's <see cref="FairShare.Share"/> at its receiver's pace. An unknown receiver starts at four rounds.
    /// </summary>
    private int LimitFor(long subscriptionId) => _latencyMs.TryGetValue(subscriptionId, out var latency)
        ? FairShare.Share(options.Value.PerEndpointConcurrency, latency, Limit)
        : UnknownSubscriptionRoom;

    private void Add(long subscriptionId, int delta)
    {
        _count += delta;
        var now = _perSubscription.GetValueOrDefault(subscriptionId) + delta;
        if (now <= 0)
        {
            _perSubscription.Remove(subscriptionId);
        }
        else
        {
            _perSubscription[subscriptionId] = now;
        }
    }

    public void Dispose() => _room.Dispose();
}
