using System.Buffers.Binary;

namespace Plaudit.Server.OpenApi.Authentication;

/// <summary>
/// The signatures of the signed reads this node served lately. The spec's signature covers the query
/// and the timestamp, not the method or the path, so a write without a body signs exactly what a read
/// with the same parameters signs: a captured <c>GET get_review?id=27</c> would otherwise be
/// accepted once as <c>DELETE delete_shop_webhook?id=27</c>. A bodiless write whose signature is
/// here is refused. Reads are never refused by this, and stay replayable.
/// </summary>
/// <remarks>
/// A fixed table of 2^20 slots (16 MB, allocated on the first signed read), each keeping the first
/// 128 bits of the last signature that hashed there: no expiry is needed, since a signature older
/// than the timestamp window fails the clock check anyway, and a busy node overwrites old entries
/// rather than growing. At up to about 1,100 signed reads a second every read of the window is
/// remembered; beyond that the oldest may be forgotten early. Slots are read and written without a
/// lock: a torn 128-bit value can only fail to match, never match a signature it was not.
/// </remarks>
public sealed class RecentReadSignatures
{
    private const int Bits = 20;
    private UInt128[]? _slots;

    public void Remember(ReadOnlySpan<byte> signature)
    {
        var key = BinaryPrimitives.ReadUInt128LittleEndian(signature);
        var slots = _slots ?? Interlocked.CompareExchange(ref _slots, new UInt128[1 << Bits], null) ?? _slots!;
        slots[SlotOf(key)] = key;
    }

    public bool Contains(ReadOnlySpan<byte> signature)
    {
        var key = BinaryPrimitives.ReadUInt128LittleEndian(signature);
        return _slots is { } slots && key != UInt128.Zero && slots[SlotOf(key)] == key;
    }

    // The HMAC's bits are uniform: its low bits index the table.
    private static int SlotOf(UInt128 key) => (int)((ulong)key & ((1UL << Bits) - 1));
}
