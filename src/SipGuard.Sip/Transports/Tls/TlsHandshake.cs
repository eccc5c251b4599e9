using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SipGuard.Sip.Transports.Tls;

/// <summary>
/// The TLS handshake of one connection, either side, over its socket stream: TLS 1.2 or 1.3 only,
/// the peer verified against the configured CA alone (never the system store), bounded by a timeout.
/// A handshake that fails or times out throws; the connection is then closed and nothing is sent
/// in clear.
/// </summary>
internal static class TlsHandshake
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// Accepts a client. Returns the stream and the names of the client's verified certificate
    /// (<see cref="CertificateNames"/>), or no names when it sent none and none was required.
    /// </summary>
    public static async Task<(SslStream Stream, string[]? PeerNames)> AcceptAsync(Stream inner, TlsServerCredentials server, TimeSpan timeout, TimeProvider time)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, certificate, chain, _) => VerifyClient(server, certificate, chain));
        try
        {
            using var deadline = new CancellationTokenSource(timeout, time);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = server.Certificate,
                    ClientCertificateRequired = server.ClientCa is not null,
                    EnabledSslProtocols = Protocols,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                deadline.Token).ConfigureAwait(false);
            string[]? names = ssl.RemoteCertificate is { } presented ? CertificateNames.Of(presented) : null;
            return (ssl, names);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connects to an upstream whose certificate must chain to <paramref name="client"/>'s CA and carry its server name.</summary>
    public static async Task<SslStream> ConnectAsync(Stream inner, TlsClientCredentials client, TimeSpan timeout, TimeProvider time)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, certificate, chain, _) => VerifyServer(client, certificate, chain));
        try
        {
            using var deadline = new CancellationTokenSource(timeout, time);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = client.ServerName,
                    EnabledSslProtocols = Protocols,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool VerifyClient(TlsServerCredentials server, X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null)
        {
            return !server.RequireClientCertificate;
        }

        // A certificate that does not verify is refused rather than ignored: a peer that tries one
        // and fails learns so at once, instead of being taken for one without a name.
        return server.ClientCa is { } roots && Chains(certificate, presented, roots, ClientAuthentication);
    }

    private static bool VerifyServer(TlsClientCredentials client, X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null || !Chains(certificate, presented, client.Ca, ServerAuthentication))
        {
            return false;
        }

        // Checked here rather than through SslStream's policy errors, so an IP literal and a DNS name are matched alike.
        using var leaf = new X509Certificate2(certificate);
        return leaf.MatchesHostname(client.ServerName, allowWildcards: true, allowCommonName: true);
    }

    private static bool Chains(X509Certificate certificate, X509Chain? presented, X509Certificate2Collection roots, Oid usage)
    {
        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
