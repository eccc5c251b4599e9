namespace SipGuard.Sip.Transports;

/// <summary>
/// Running totals of a transport set, read by the host's metrics (observable instruments) and by
/// tests. Plain interlocked counters: cheap on the packet path, no tags.
/// </summary>
public sealed class TransportCounters
{
    private long _packetsReceived;
    private long _oversizeDropped;
    private long _handlerErrors;
    private long _connectionsRefused;
    private long _framingErrors;
    private long _idleClosed;
    private long _sourceCapRefused;
    private long _messageTimeouts;
    private long _tlsHandshakeFailures;

    public long PacketsReceived => Volatile.Read(ref _packetsReceived);

    /// <summary>Datagrams over the size limit, dropped unseen by the handler.</summary>
    public long OversizeDropped => Volatile.Read(ref _oversizeDropped);

    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);

    /// <summary>Stream connections closed for bad framing or an oversize message.</summary>
    public long FramingErrors => Volatile.Read(ref _framingErrors);

    public long IdleClosed => Volatile.Read(ref _idleClosed);

    /// <summary>Accepted connections reset because their source address already held its share.</summary>
    public long SourceCapRefused => Volatile.Read(ref _sourceCapRefused);

    /// <summary>Stream connections closed because a message did not arrive whole within the deadline.</summary>
    public long MessageTimeouts => Volatile.Read(ref _messageTimeouts);

    /// <summary>TLS connections, either side, closed because the handshake failed or timed out.</summary>
    public long TlsHandshakeFailures => Volatile.Read(ref _tlsHandshakeFailures);

    internal void PacketReceived() => Interlocked.Increment(ref _packetsReceived);

    internal void OversizeDrop() => Interlocked.Increment(ref _oversizeDropped);

    internal void HandlerError() => Interlocked.Increment(ref _handlerErrors);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void FramingError() => Interlocked.Increment(ref _framingErrors);

    internal void IdleClose() => Interlocked.Increment(ref _idleClosed);

    internal void SourceCapRefuse() => Interlocked.Increment(ref _sourceCapRefused);

    internal void MessageTimeout() => Interlocked.Increment(ref _messageTimeouts);

    internal void TlsHandshakeFailure() => Interlocked.Increment(ref _tlsHandshakeFailures);
}
