using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// What a TLS listener presents and whom it believes: its certificate (with the chain the file
/// carried) and the CA that client certificates must chain to.
/// </summary>
/// <param name="Certificate">The listener's certificate and any intermediates sent with it.</param>
/// <param name="ClientCa">Roots a client certificate must chain to; null: client certificates are not asked for.</param>
/// <param name="RequireClientCertificate">A client without a verified certificate fails the handshake.</param>
public sealed record TlsServerCredentials(SslStreamCertificateContext Certificate, X509Certificate2Collection? ClientCa, bool RequireClientCertificate)
{
    /// <summary>The leaf certificate, for logs and tests.</summary>
    public X509Certificate2 Leaf => Certificate.TargetCertificate;
}
