using Plaudit.Server.Webhooks.Delivery;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>How a node's room is shared between subscriptions by their receivers' pace, and how the dispatcher sizes its batches.</summary>
public sealed class FairShareTests
{
    [Fact]
    public void A_first_attempt_sets_the_pace_and_each_later_one_moves_it_a_tenth_of_the_way()
    {
        Assert.Equal(200, FairShare.Pace(null, 200));
        Assert.Equal(100 * 0.9 + 1100 * 0.1, FairShare.Pace(100, 1100), 9);
        Assert.Equal(100, FairShare.Pace(100, 100), 9);
    }

    [Theory]
    // Two send slots, 500 ms of work ahead: 1000 / pace deliveries, between two rounds (4) and the node's room (64).
    [InlineData(2, 10.0, 64, 64)] // fast: 100 would fit, capped at the node's room
    [InlineData(2, 50.0, 64, 20)]
    [InlineData(2, 100.0, 64, 10)]
    [InlineData(2, 300.0, 64, 4)] // 3.3 rounds down below two rounds: two rounds
    [InlineData(2, 2000.0, 64, 4)] // slow: two rounds
    [InlineData(2, 0.0, 64, 64)] // a pace of 0 counts as 1 ms, not a division by zero
    [InlineData(1, 99.0, 64, 5)] // 5.05, rounded down
    [InlineData(40, 2000.0, 64, 80)] // two rounds even where they exceed the node's room
    public void A_subscriptions_share_is_half_a_second_of_its_work_within_two_rounds_and_the_node_room(int slots, double paceMs, int nodeLimit, int share) =>
        Assert.Equal(share, FairShare.Share(slots, paceMs, nodeLimit));

    [Theory]
    [InlineData(8, 4, 0)] // twice its share: kept
    [InlineData(9, 4, 5)] // more than twice: all beyond its share goes back
    [InlineData(64, 4, 60)]
    [InlineData(0, 4, 0)]
    public void A_subscription_holding_more_than_twice_its_share_hands_back_what_exceeds_the_share(int holding, int share, int surplus) =>
        Assert.Equal(surplus, FairShare.Surplus(holding, share));

    [Fact]
    public void A_claim_skips_subscriptions_with_less_than_a_round_of_room_and_lets_the_others_take_their_room()
    {
        var (crowded, withRoom) = FairShare.SplitByRoom(new Dictionary<long, int> { [1] = 1, [2] = 2, [3] = 7, [4] = -60, [5] = 0 }, slots: 2);

        Assert.Equal([1L, 4L, 5L], crowded.Order());
        Assert.Equal(new Dictionary<long, int> { [2] = 2, [3] = 7 }, withRoom);
    }

    [Theory]
    [InlineData(64, 1.0, 16, 16)] // the ramp caps a fresh backlog's first batch
    [InlineData(64, 1.0, 200, 64)] // one delivery per event: as many events as there is room
    [InlineData(64, 2.5, 200, 21)] // 2.5 deliveries per event count as 3: 64 / 3
    [InlineData(3, 4.0, 200, 1)] // less room than one event fans out to: still one event
    [InlineData(64, 0.0, 200, 64)] // no fan-out seen: as if one
    public void The_dispatcher_takes_as_many_events_as_the_free_room_holds_at_the_recent_fan_out(int free, double fanOut, int ramp, int take) =>
        Assert.Equal(take, FairShare.EventsToTake(free, fanOut, ramp));

    [Fact]
    public void The_fan_out_estimate_moves_half_way_to_each_batch_and_ignores_an_empty_one()
    {
        Assert.Equal(2.0, FairShare.FanOut(1, events: 10, deliveries: 30), 9);
        Assert.Equal(1.5, FairShare.FanOut(2, events: 4, deliveries: 4), 9);
        Assert.Equal(2.0, FairShare.FanOut(2, events: 0, deliveries: 0), 9);
    }
}
