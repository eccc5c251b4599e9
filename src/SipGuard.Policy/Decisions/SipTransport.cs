namespace SipGuard.Policy;

/// <summary>Transport the request arrived on.</summary>
public enum SipTransport : byte
{
    /// <summary>UDP.</summary>
    Udp,
    /// <summary>TCP.</summary>
    Tcp,
    /// <summary>TLS over TCP.</summary>
    Tls,
    /// <summary>WebSocket (RFC 7118).</summary>
    Ws,
    /// <summary>Secure WebSocket.</summary>
    Wss,
}
