using System.Collections.Concurrent;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// One queue per subscription, each drained by at most <c>perLane</c> async loops: a subscription
/// never has more attempts in flight than that, and a busy one keeps its loops running rather than
/// starting a task per delivery. <c>send</c> must not throw.
/// </summary>
public sealed class DeliveryLanes(int perLane, Func<ClaimedDelivery, Task> send)
{
    private readonly ConcurrentDictionary<long, Lane> _lanes = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    public void Enqueue(ClaimedDelivery work)
    {
        var lane = _lanes.GetOrAdd(work.SubscriptionId, _ => new Lane());
        lane.Queue.Enqueue(work);
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
    }
}
