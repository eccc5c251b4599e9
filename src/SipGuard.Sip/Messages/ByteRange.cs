namespace SipGuard.Sip.Messages;

/// <summary>
/// A slice of a message buffer, relative to the first byte of the message. Parsed pieces are
/// kept as ranges instead of strings so that reading a header never copies or allocates.
/// </summary>
public readonly record struct ByteRange(int Offset, int Length)
{
    public int End => Offset + Length;

    public bool IsEmpty => Length == 0;

    public static ByteRange FromBounds(int start, int end) => new(start, end - start);
}
