using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Configuration;

/// <summary>One listening socket (YAML <c>listen</c> entry, e.g. <c>udp://127.0.0.1:5060</c>).</summary>
/// <param name="Transport">The scheme of the URI.</param>
/// <param name="Address">The local IP address to bind (a literal; host names are refused at load time).</param>
/// <param name="Port">The local port (5060, or 5061 for TLS, when the URI has none).</param>
/// <param name="Uri">The entry as the operator wrote it, for logs.</param>
public sealed record ListenerConfig(SipTransportKind Transport, System.Net.IPAddress Address, int Port, string Uri);
