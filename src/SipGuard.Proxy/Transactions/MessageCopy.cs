using System.Numerics;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// A message copy a transaction keeps for retransmission, in an array kept across reuses of the
/// transaction slot (so a steady call load allocates nothing new).
/// </summary>
/// <remarks>
/// The arrays live as long as the table's slots, so they are allocated on the pinned object heap, not in
/// gen0: while the load rises each newly used slot gets its arrays, and as ordinary arrays all of them
/// survived the young collections. At 4,000 calls/s for 15 s (bench/memory.sh) that was 8 collections and
/// 229–231 ms of pause; with these arrays pinned, 6 and 85–100 ms (docs/benchmarks.md). Sizes are powers
/// of two from 512 B; a larger message replaces a slot's array, and the outgrown one is freed by the next
/// full collection (the pinned heap is not swept by young ones), a few times per slot at most.
/// </remarks>
internal sealed class MessageCopy
{
    private const int MinimumArray = 512;

    private byte[] _array = [];

    public int Length { get; private set; }

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public byte[] Array => _array;

    /// <summary>A writable buffer of at least <paramref name="capacity"/> bytes; <see cref="Commit"/> sets the length.</summary>
    public Span<byte> GetBuffer(int capacity)
    {
        if (_array.Length < capacity)
        {
            _array = GC.AllocateUninitializedArray<byte>((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, MinimumArray)), pinned: true);
        }

        Length = 0;
        return _array;
    }

    public void Commit(int length) => Length = length;

    public void CopyFrom(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetBuffer(bytes.Length));
        Length = bytes.Length;
    }

    public void Clear() => Length = 0;
}
