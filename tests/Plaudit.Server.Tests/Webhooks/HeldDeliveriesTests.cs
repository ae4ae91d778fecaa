using Microsoft.Extensions.Options;
using Plaudit.Server.Webhooks;
using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>How the room for leased deliveries is shared between subscriptions, by their receivers' pace.</summary>
public sealed class HeldDeliveriesTests
{
    private const long Fast = 1;
    private const long Other = 2;

    // Room for 64 (4 × 16), two send slots per subscription.
    private static HeldDeliveries NewHeld(TimeProvider? clock = null) => new(Options.Create(new WebhookOptions { MaxConcurrency = 4, PerEndpointConcurrency = 2 }), clock ?? TimeProvider.System);

    [Fact]
    public void An_unknown_receiver_gets_four_rounds_and_a_fast_one_the_whole_room()
    {
        using var held = NewHeld();
        Assert.Equal(8, ReserveAll(held, Fast));

        held.Observe(Fast, 1);
        Assert.Equal(64 - 8, ReserveAll(held, Fast));
        Assert.False(held.TryReserve(Other));
        Assert.Equal(0, held.Free);
    }

    [Fact]
    public void A_receiver_that_slows_down_is_told_to_hand_back_its_surplus_and_gets_two_rounds()
    {
        using var held = NewHeld();
        held.Observe(Fast, 1);
        var reserved = ReserveAll(held, Fast);
        Assert.Equal(64, reserved);

        // Attempts now take seconds: its share shrinks to two rounds (4), far below the 64 it holds,
        // and all but its share is surplus.
        Assert.Equal(60, held.Observe(Fast, 2000));
        Assert.Equal(4 - 64, held.RoomPerSubscription()[Fast]);

        for (var i = 0; i < reserved - 3; i++)
        {
            held.Unreserve(Fast);
        }
        Assert.Equal(0, held.Observe(Fast, 2000));
        Assert.Equal(1, ReserveAll(held, Fast));
        Assert.Equal(8, ReserveAll(held, Other));
    }

    [Fact]
    public void A_slow_receiver_holding_nothing_is_still_listed_with_its_smaller_room()
    {
        using var held = NewHeld();
        held.Observe(Fast, 2000);
        held.Observe(Other, 1);

        var room = held.RoomPerSubscription();
        Assert.Equal(4, room[Fast]);
        Assert.False(room.ContainsKey(Other));
        Assert.Equal(8, held.UnknownSubscriptionRoom);
    }

    [Fact]
    public void Released_deliveries_free_their_room()
    {
        using var held = NewHeld();
        Assert.True(held.TryReserve(Fast));
        var work = Delivery(42);
        held.Hand(work);
        Assert.Equal(63, held.Free);
        Assert.Equal([42L], held.DeliveryIds());

        held.Release([work]);
        Assert.Equal(64, held.Free);
        Assert.Empty(held.DeliveryIds());
    }

    [Fact]
    public void A_delivery_claimed_again_while_held_is_not_held_twice()
    {
        using var held = NewHeld();
        var first = Delivery(7);
        Assert.True(held.TryHoldClaimed(first));

        // Its lease lapsed and a claim took it back: the queued copy stays the only one.
        var again = Delivery(7);
        Assert.False(held.TryHoldClaimed(again));
        Assert.Equal(63, held.Free);

        // Releasing a copy that is not the one held frees nothing; releasing the held one frees its room.
        held.Release([again]);
        Assert.Equal(63, held.Free);
        held.Release([first]);
        Assert.Equal(64, held.Free);
    }

    private static ClaimedDelivery Delivery(long id) => new(id, "r", "review/created", 0, 1, Fast, "http://example.com", "trustoo", true, "e", DateTime.UtcNow, "{}", "p", null,
        Guid.NewGuid(), null, new SigningKey(null, null, "k"));

    private static int ReserveAll(HeldDeliveries held, long subscriptionId)
    {
        var reserved = 0;
        while (held.TryReserve(subscriptionId))
        {
            reserved++;
        }
        return reserved;
    }

    [Fact]
    public void The_pace_of_a_subscription_idle_for_ten_minutes_is_forgotten_unless_it_holds_work()
    {
        var clock = new ManualClock();
        using var held = NewHeld(clock);
        held.Observe(Fast, 2000);
        held.Observe(Other, 2000);
        Assert.True(held.TryReserve(Other));

        clock.Advance(HeldDeliveries.ForgetAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, held.ForgetIdle());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, held.ForgetIdle());
        Assert.Equal(1, held.KnownSubscriptions);
        // Forgotten, it starts again as an unknown receiver; the one holding work keeps its pace.
        Assert.False(held.RoomPerSubscription().ContainsKey(Fast));
        Assert.Equal(4 - 1, held.RoomPerSubscription()[Other]);

        held.Unreserve(Other);
        Assert.Equal(1, held.ForgetIdle());
        Assert.Equal(0, held.KnownSubscriptions);
    }

    [Fact]
    public async Task A_lane_left_idle_for_ten_minutes_is_removed_and_a_busy_or_recent_one_is_kept()
    {
        var clock = new ManualClock();
        var sending = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var lanes = new DeliveryLanes(1, async work =>
        {
            if (work.SubscriptionId == Other)
            {
                sending.TrySetResult();
                await release.Task;
            }
        }, clock);
        lanes.Enqueue(Delivery(1));
        await lanes.WhenIdleAsync();
        lanes.RemoveIdle(HeldDeliveries.ForgetAfter);
        Assert.Equal(1, lanes.Count);

        lanes.Enqueue(Delivery(2) with { SubscriptionId = Other });
        await sending.Task;
        clock.Advance(HeldDeliveries.ForgetAfter);
        lanes.RemoveIdle(HeldDeliveries.ForgetAfter);
        // Fast's lane is gone; Other's loop is still sending, so its lane stays.
        Assert.Equal(1, lanes.Count);

        release.SetResult();
        await lanes.WhenIdleAsync();
        lanes.RemoveIdle(HeldDeliveries.ForgetAfter);
        Assert.Equal(0, lanes.Count);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
