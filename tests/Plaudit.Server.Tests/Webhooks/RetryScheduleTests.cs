using Plaudit.Server.Webhooks;
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

    [Fact]
    public void The_default_setting_is_the_specs_schedule()
    {
        var schedule = new RetrySchedule(new WebhookOptions().ParseRetryDelays());
        Assert.Equal(Spec.MaxAttempts, schedule.MaxAttempts);
        Assert.Equal(Spec.FirstDelay, schedule.FirstDelay);
        Assert.All(Enumerable.Range(1, 10), made => Assert.Equal(Spec.NextDelay(made), schedule.NextDelay(made)));
    }

    [Fact]
    public void Delays_are_read_as_whole_seconds_in_order() =>
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600)], new WebhookOptions { RetryDelays = " 0, 1 ,600 " }.ParseRetryDelays());

    [Fact]
    public void A_retry_after_equal_to_the_scheduled_wait_or_to_the_longest_delay_is_kept()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), Spec.NextDelay(1, TimeSpan.FromMinutes(3)));
        Assert.Equal(TimeSpan.FromMinutes(27), Spec.NextDelay(1, TimeSpan.FromMinutes(27)));
    }

    [Fact]
    public void The_last_wait_is_not_stretched_beyond_the_longest_delay() =>
        Assert.Equal(TimeSpan.FromMinutes(27), Spec.NextDelay(9, TimeSpan.FromHours(1)));

    [Fact]
    public void A_schedule_of_one_delay_makes_one_attempt_and_no_retry()
    {
        var once = new RetrySchedule([TimeSpan.FromSeconds(5)]);
        Assert.Equal(1, once.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), once.FirstDelay);
        Assert.Null(once.NextDelay(1, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void The_longest_delay_caps_a_retry_after_even_when_the_schedule_is_not_increasing()
    {
        var uneven = new RetrySchedule([TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)]);
        Assert.Equal(TimeSpan.FromMinutes(10), uneven.NextDelay(2, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(4), uneven.NextDelay(2, TimeSpan.FromMinutes(4)));
    }
}
