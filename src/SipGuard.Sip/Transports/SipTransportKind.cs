namespace SipGuard.Sip.Transports;

/// <summary>
/// The transport of a listener, an upstream target or a received message. The policy package has
/// its own <c>SipGuard.Policy.SipTransport</c> because it depends on nothing of the SIP layer;
/// <c>CallAttemptFactory</c> is the one place that maps between them.
/// </summary>
public enum SipTransportKind : byte
{
    /// <summary>UDP (RFC 3261 §18).</summary>
    Udp = 1,

    /// <summary>TCP, stream framing by Content-Length.</summary>
    Tcp = 2,

    /// <summary>TLS over TCP (RFC 3261 §26.2): the TCP machinery and framing with a handshake in front.</summary>
    Tls = 3,
}
