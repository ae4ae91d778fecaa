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
    private static HeldDeliveries NewHeld() => new(Options.Create(new WebhookOptions { MaxConcurrency = 4, PerEndpointConcurrency = 2 }));

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
}
