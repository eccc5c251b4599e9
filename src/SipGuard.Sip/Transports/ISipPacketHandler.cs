namespace SipGuard.Sip.Transports;

/// <summary>
/// Implemented by the proxy. Called on the transport's receive threads (one per UDP receive loop,
/// one per TCP connection), concurrently, so implementations are thread-safe.
/// </summary>
/// <remarks>
/// Buffers are lent, not given: the spans in <see cref="InboundPacket"/> and
/// <see cref="StreamError"/> are reused as soon as the call returns. The intended use is to parse,
/// decide and send inline (sends copy the bytes, see <see cref="ISipTransport.Send"/>), which keeps
/// one core per loop busy with no hand-off. Exceptions are logged and counted, never fatal to a loop.
/// </remarks>
public interface ISipPacketHandler
{
    void OnPacket(in InboundPacket packet);

    /// <summary>A stream connection broke framing and will be closed after this returns.</summary>
    void OnStreamError(in StreamError error);

    /// <summary>
    /// An outbound connection to <paramref name="target"/> could not be opened (refused, unreachable,
    /// or the connect timed out); what was queued on it is dropped. Called once per failed connect,
    /// on a thread of the transport's, after the connection left the table.
    /// </summary>
    void OnConnectFailed(in OutboundTarget target)
    {
    }
}
