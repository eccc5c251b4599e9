namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// The TLS material in force: what listeners present, and how each upstream endpoint is verified.
/// Immutable; a reload swaps a whole new one in (<see cref="SipTransportSet.UpdateTls"/>) and each
/// handshake reads the one current when it starts, so a connection keeps what it was opened with.
/// </summary>
public sealed class TlsSettings
{
    private readonly IReadOnlyDictionary<SipEndpoint, TlsClientCredentials> _clients;

    public TlsSettings(TlsServerCredentials? server, IReadOnlyDictionary<SipEndpoint, TlsClientCredentials> clients)
    {
        Server = server;
        _clients = clients;
    }

    public static TlsSettings None { get; } = new(null, new Dictionary<SipEndpoint, TlsClientCredentials>());

    /// <summary>Null when no TLS listener is configured.</summary>
    public TlsServerCredentials? Server { get; }

    /// <summary>How to verify <paramref name="remote"/>; null: it is no configured TLS upstream, and nothing is sent to it.</summary>
    public TlsClientCredentials? ClientFor(SipEndpoint remote) => _clients.GetValueOrDefault(remote);
}
