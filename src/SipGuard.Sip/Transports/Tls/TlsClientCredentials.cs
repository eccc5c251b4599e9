using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>How SipGuard verifies an upstream it connects to over TLS.</summary>
/// <param name="Ca">Roots the upstream's certificate must chain to (the system store is not consulted).</param>
/// <param name="ServerName">The name the certificate must carry (SNI and the name check).</param>
public sealed record TlsClientCredentials(X509Certificate2Collection Ca, string ServerName);
