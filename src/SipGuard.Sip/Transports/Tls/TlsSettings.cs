using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// The TLS material in force: what listeners present, and how each upstream endpoint is verified.
/// Immutable; a reload swaps a whole new one in (<see cref="SipTransportSet.UpdateTls"/>) and each
/// handshake reads the one current when it starts, so a connection keeps what it was opened with.
/// The certificates it owns are disposed once it is replaced and no handshake uses it (<see cref="TlsInForce"/>).
/// </summary>
public sealed class TlsSettings
{
    private readonly IReadOnlyDictionary<SipEndpoint, TlsClientCredentials> _clients;

    /// <param name="owned">The certificate objects loaded for these settings alone, disposed with them; settings built from
    /// certificates someone else keeps own none.</param>
    public TlsSettings(TlsServerCredentials? server, IReadOnlyDictionary<SipEndpoint, TlsClientCredentials> clients, IReadOnlyList<X509Certificate2>? owned = null)
    {
        Server = server;
        _clients = clients;
        Certificates = owned ?? [];
    }

    public static TlsSettings None { get; } = new(null, new Dictionary<SipEndpoint, TlsClientCredentials>());

    /// <summary>The certificate objects these settings own (see the constructor).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>
    /// Disposes the certificates these settings own, for settings that were never put in force (a refused
    /// load or reload); settings once in force are released by <see cref="TlsInForce"/> when replaced.
    /// </summary>
    public void DisposeCertificates()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }

    /// <summary>Null when no TLS listener is configured.</summary>
    public TlsServerCredentials? Server { get; }

    /// <summary>How to verify <paramref name="remote"/>; null: it is no configured TLS upstream, and nothing is sent to it.</summary>
    public TlsClientCredentials? ClientFor(SipEndpoint remote) => _clients.GetValueOrDefault(remote);
}
