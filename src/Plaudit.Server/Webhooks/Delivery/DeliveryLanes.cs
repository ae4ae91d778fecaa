using System.Collections.Concurrent;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// One queue per subscription, each drained by at most <c>perLane</c> async loops: a subscription
/// never has more attempts in flight than that, and a busy one keeps its loops running rather than
/// starting a task per delivery. <c>send</c> must not throw.
/// </summary>
public sealed class DeliveryLanes(int perLane, Func<ClaimedDelivery, Task> send, TimeProvider clock)
{
    // Held while a lane is found and given work, and while idle lanes are removed: work never goes
    // into a lane that has just been dropped.
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, Lane> _lanes = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public void Enqueue(ClaimedDelivery work)
    {
        Lane lane;
        lock (_gate)
        {
            lane = _lanes.GetOrAdd(work.SubscriptionId, _ => new Lane());
            lane.LastUsed = clock.GetTimestamp();
            lane.Queue.Enqueue(work);
        }
        StartRunner(lane);
    }

    /// <summary>Takes out up to <paramref name="count"/> deliveries still waiting in a subscription's queue (not those in flight).</summary>
    public List<ClaimedDelivery> TakeWaiting(long subscriptionId, int count)
    {
        var taken = new List<ClaimedDelivery>();
        if (_lanes.TryGetValue(subscriptionId, out var lane))
        {
            while (taken.Count < count && lane.Queue.TryDequeue(out var work))
            {
                taken.Add(work);
            }
        }
        return taken;
    }

    public int Count => _lanes.Count;

    /// <summary>
    /// Drops the lanes that are empty, have no loop running and were last given work at least
    /// <paramref name="idleFor"/> ago (their subscription was removed, disabled or is quiet); a
    /// subscription that gets work again gets a fresh lane.
    /// </summary>
    public void RemoveIdle(TimeSpan idleFor)
    {
        lock (_gate)
        {
            foreach (var (subscriptionId, lane) in _lanes)
            {
                if (lane.Queue.IsEmpty && Volatile.Read(ref lane.Runners) == 0 && clock.GetElapsedTime(lane.LastUsed) >= idleFor)
                {
                    _lanes.TryRemove(subscriptionId, out _);
                }
            }
        }
    }

    /// <summary>Completes when every loop has run its queue dry.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Keys);

    private void StartRunner(Lane lane)
    {
        while (true)
        {
            var runners = Volatile.Read(ref lane.Runners);
            if (runners >= perLane || lane.Queue.IsEmpty)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref lane.Runners, runners + 1, runners) == runners)
            {
                var task = Task.Run(() => RunAsync(lane));
                _running[task] = true;
                _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
                return;
            }
        }
    }

    private async Task RunAsync(Lane lane)
    {
        try
        {
            while (lane.Queue.TryDequeue(out var work))
            {
                await send(work);
            }
        }
        finally
        {
            Interlocked.Decrement(ref lane.Runners);
        }
        // A delivery queued after the last dequeue, while this loop still counted, found no free loop.
        StartRunner(lane);
    }

    private sealed class Lane
    {
        public readonly ConcurrentQueue<ClaimedDelivery> Queue = new();
        public int Runners;
        public long LastUsed;
    }
}
