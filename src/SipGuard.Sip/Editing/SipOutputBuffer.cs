using System.Buffers;

namespace SipGuard.Sip.Editing;

/// <summary>A rented buffer holding a written message; dispose once to return it to its pool.</summary>
public readonly struct SipOutputBuffer : IDisposable
{
    private readonly ArrayPool<byte>? _pool;

    internal SipOutputBuffer(byte[] array, int length, ArrayPool<byte> pool)
    {
        Array = array;
        Length = length;
        _pool = pool;
    }

    public byte[] Array { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public void Dispose() => _pool?.Return(Array);
}
