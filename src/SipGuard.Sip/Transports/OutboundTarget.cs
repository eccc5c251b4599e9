namespace SipGuard.Sip.Transports;

/// <summary>
/// Where to send: transport, remote endpoint, and optionally the TCP connection (responses go back
/// on the connection the request came in on) and the listener to send from (UDP source address).
/// </summary>
/// <param name="ConnectionId">0: any connection to <paramref name="Remote"/>, opened on demand.</param>
/// <param name="ListenerId">-1: the first listener of the transport whose address family fits.</param>
public readonly record struct OutboundTarget(
    SipTransportKind Transport,
    SipEndpoint Remote,
    long ConnectionId = 0,
    int ListenerId = -1);
