namespace SipGuard.Sip.Transports;

/// <summary>What the proxy sends through; <see cref="SipTransportSet"/> implements it.</summary>
public interface ISipTransport
{
    /// <summary>
    /// Sends one message. The bytes are copied (UDP: into the kernel before returning; TCP: into the
    /// connection's send queue), so the caller may reuse its buffer at once. Never blocks on a
    /// connect: a TCP target without a connection is connected in the background and the message
    /// waits in that connection's queue.
    /// </summary>
    SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes);
}
