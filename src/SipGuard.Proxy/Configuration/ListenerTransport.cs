namespace SipGuard.Proxy.Configuration;

/// <summary>Transport of a listening socket.</summary>
public enum ListenerTransport
{
    Udp,
    Tcp,
    Tls,
}
