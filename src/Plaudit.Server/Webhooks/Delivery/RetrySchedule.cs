namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Spec 3.3: attempt n waits delays[n-1] after the previous attempt; after the last, the delivery
/// has failed. A receiver's Retry-After (on 429/503) may stretch a wait up to the longest delay.
/// </summary>
public sealed class RetrySchedule(IReadOnlyList<TimeSpan> delays)
{
    public int MaxAttempts => delays.Count;

    public TimeSpan FirstDelay => delays[0];

    /// <summary>When to try again after <paramref name="attemptsMade"/> attempts, or null when none are left.</summary>
    public TimeSpan? NextDelay(int attemptsMade, TimeSpan? retryAfter = null)
    {
        if (attemptsMade >= delays.Count)
        {
            return null;
        }
        var scheduled = delays[attemptsMade];
        if (retryAfter is not { } requested || requested <= scheduled)
        {
            return scheduled;
        }
        var longest = delays.Max();
        return requested < longest ? requested : longest;
    }
}
