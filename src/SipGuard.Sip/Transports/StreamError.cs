namespace SipGuard.Sip.Transports;

/// <summary>
/// Tells the handler a stream connection is about to be closed for broken framing, so it can answer
/// 400 first (send on <see cref="ConnectionId"/> from inside the callback; the connection flushes
/// queued bytes before it closes). <see cref="Head"/> holds the received header bytes when the
/// header block ended within the limit, otherwise the first bytes received; like
/// <see cref="InboundPacket.Data"/> it is valid only during the callback.
/// </summary>
public readonly ref struct StreamError
{
    public StreamError(StreamErrorKind kind, ReadOnlySpan<byte> head, SipEndpoint remote, int listenerId, long connectionId)
    {
        Kind = kind;
        Head = head;
        Remote = remote;
        ListenerId = listenerId;
        ConnectionId = connectionId;
    }

    public StreamErrorKind Kind { get; }

    public ReadOnlySpan<byte> Head { get; }

    public SipEndpoint Remote { get; }

    public int ListenerId { get; }

    public long ConnectionId { get; }
}
