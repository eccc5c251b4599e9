namespace SipGuard.Sip.Transports;

/// <summary>
/// One received SIP message (or one datagram) handed to <see cref="ISipPacketHandler.OnPacket"/>.
/// </summary>
/// <remarks>
/// Ownership: <see cref="Data"/> points into the transport's receive buffer and is valid only until
/// OnPacket returns; the loop then reuses the buffer for the next packet. A ref struct so the
/// compiler stops it escaping. A handler that needs the bytes later (e.g. to hand off to another
/// thread) copies them into its own pooled buffer.
/// </remarks>
public readonly ref struct InboundPacket
{
    public InboundPacket(
        ReadOnlySpan<byte> data,
        SipEndpoint remote,
        SipEndpoint local,
        int listenerId,
        SipTransportKind transport,
        long connectionId,
        bool receiveBacklogged = false)
    {
        ReceiveBacklogged = receiveBacklogged;
        Data = data;
        Remote = remote;
        Local = local;
        ListenerId = listenerId;
        Transport = transport;
        ConnectionId = connectionId;
    }

    /// <summary>The whole message for TCP (framed by Content-Length); the whole datagram for UDP.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public SipEndpoint Remote { get; }

    /// <summary>The listener's bound address and port (for Via / Record-Route).</summary>
    public SipEndpoint Local { get; }

    /// <summary>Index of the listener in the configured <c>listen</c> list.</summary>
    public int ListenerId { get; }

    public SipTransportKind Transport { get; }

    /// <summary>The TCP or TLS connection the message came on (send responses there); 0 for UDP.</summary>
    public long ConnectionId { get; }

    /// <summary>
    /// The receive queue this packet came from is more than half full: the receiver is falling
    /// behind, and new work should be shed (503 + Retry-After) before the kernel starts dropping.
    /// </summary>
    public bool ReceiveBacklogged { get; }

    /// <summary>
    /// TLS only: the names of the peer's verified certificate (subjectAltName DNS entries, else its
    /// common name). Null on UDP and TCP, and when the peer presented no certificate.
    /// </summary>
    public string[]? PeerNames { get; init; }

    /// <summary>The target that sends a reply back where this packet came from (RFC 3261 §18.2.2).</summary>
    public OutboundTarget ReplyTarget => new(Transport, Remote, ConnectionId, ListenerId);
}
