using System.Buffers;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// A message copy a transaction keeps for retransmission, in an array rented from the shared pool
/// and kept across reuses of the transaction slot (so a steady call load rents nothing new).
/// </summary>
internal sealed class PooledBytes
{
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
            if (_array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = ArrayPool<byte>.Shared.Rent(capacity);
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
