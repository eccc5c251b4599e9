namespace SipGuard.Policy;

/// <summary>Transport the request arrived on.</summary>
public enum SipTransport : byte
{
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}
