namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// The arithmetic that shares a node's room for leased deliveries between subscriptions by their
/// receivers' pace (<see cref="HeldDeliveries"/>), decides which subscriptions a claim may take from
/// (<see cref="DeliveryWorker"/>), and sizes the dispatcher's batches to the room (<see cref="OutboxDispatcher"/>).
/// </summary>
public static class FairShare
{
    /// <summary>How much of its own work a subscription may hold, in time at its receiver's pace.</summary>
    public static readonly TimeSpan WorkAhead = TimeSpan.FromMilliseconds(500);

    /// <summary>A receiver's pace: a moving average of its attempts' durations in which the latest counts a tenth.</summary>
    public static double Pace(double? averageMs, int durationMs) => averageMs is { } average ? average * 0.9 + durationMs * 0.1 : durationMs;

    /// <summary>
    /// About <see cref="WorkAhead"/> of a subscription's work at its receiver's pace: at least two
    /// rounds of its send slots, at most the node's whole room.
    /// </summary>
    public static int Share(int slots, double paceMs, int nodeLimit)
    {
        var ahead = slots * WorkAhead.TotalMilliseconds / Math.Max(paceMs, 1);
        return (int)Math.Clamp(ahead, slots * 2, Math.Max(slots * 2, nodeLimit));
    }

    /// <summary>A subscription holding more than twice its share hands back all it holds beyond its share; otherwise nothing.</summary>
    public static int Surplus(int holding, int share) => holding > 2 * share ? holding - share : 0;

    /// <summary>
    /// Splits the room per subscription for a claim: those with less than a round of room (one
    /// delivery per send slot) are crowded and skipped; the others may take up to their room.
    /// </summary>
    public static (List<long> Crowded, Dictionary<long, int> WithRoom) SplitByRoom(IReadOnlyDictionary<long, int> room, int slots) =>
        (room.Where(p => p.Value < slots).Select(p => p.Key).ToList(), room.Where(p => p.Value >= slots).ToDictionary());

    /// <summary>How many outbox events to fan out next: as many as the free room holds at the recent fan-out, at least one, at most the ramp.</summary>
    public static int EventsToTake(int free, double fanOut, int ramp) => Math.Clamp(free / Math.Max(1, (int)Math.Ceiling(fanOut)), 1, ramp);

    /// <summary>The recent fan-out (deliveries per event): half the last batch's, half the earlier estimate.</summary>
    public static double FanOut(double previous, int events, int deliveries) =>
        events == 0 ? previous : previous * 0.5 + (double)deliveries / events * 0.5;
}
