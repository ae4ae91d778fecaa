using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>Spec 3.3's schedule: attempt n waits the n-th delay; Retry-After stretches a wait up to the longest delay.</summary>
public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Spec = new([.. new[] { 0, 3, 6, 9, 12, 15, 18, 21, 24, 27 }.Select(m => TimeSpan.FromMinutes(m))]);

    [Fact]
    public void The_first_attempt_is_due_after_the_first_delay_and_there_are_as_many_attempts_as_delays()
    {
        Assert.Equal(TimeSpan.Zero, Spec.FirstDelay);
        Assert.Equal(10, Spec.MaxAttempts);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(9, 27)]
    public void After_n_attempts_the_next_waits_the_nth_delay_after_the_first(int attemptsMade, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Spec.NextDelay(attemptsMade));

    [Fact]
    public void After_the_last_attempt_there_is_no_next() => Assert.Null(Spec.NextDelay(10));

    [Fact]
    public void A_shorter_retry_after_does_not_shorten_the_wait() =>
        Assert.Equal(TimeSpan.FromMinutes(3), Spec.NextDelay(1, TimeSpan.FromSeconds(10)));

    [Fact]
    public void A_longer_retry_after_stretches_the_wait() =>
        Assert.Equal(TimeSpan.FromMinutes(20), Spec.NextDelay(1, TimeSpan.FromMinutes(20)));

    [Fact]
    public void A_retry_after_beyond_the_longest_delay_is_capped_at_it() =>
        Assert.Equal(TimeSpan.FromMinutes(27), Spec.NextDelay(1, TimeSpan.FromHours(5)));

    [Fact]
    public void A_retry_after_does_not_add_an_attempt_after_the_last() =>
        Assert.Null(Spec.NextDelay(10, TimeSpan.FromMinutes(1)));
}
