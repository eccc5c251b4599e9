namespace SipGuard.Sip.Transports;

/// <summary>Outcome of a send, as a value: the proxy decides (retransmit timers, 503) without exceptions.</summary>
public enum SendResult : byte
{
    /// <summary>Handed to the kernel (UDP) or queued on the connection (TCP).</summary>
    Sent = 0,
    NoListener,
    ConnectionNotFound,
    ConnectionClosed,
    MessageTooLarge,
    /// <summary>The connection's send queue is over its limit (peer not reading); it is closed.</summary>
    Overloaded,
    SocketError,
}
