using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SipGuard.Proxy.Tests.Tls;

/// <summary>
/// One end of a SIP-over-TLS connection written with <see cref="SslStream"/>: a caller that
/// connects to SipGuard, or an upstream that accepted SipGuard's connection. Reads whole messages
/// (headers, then Content-Length bytes of body).
/// </summary>
internal sealed class TlsSipPeer : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private TlsSipPeer(Socket socket, SslStream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public SslStream Stream { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The certificate the other side presented.</summary>
    public X509Certificate2? RemoteCertificate => Stream.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null;

    /// <summary>Connects from <paramref name="from"/> to SipGuard, trusting only <paramref name="roots"/>, presenting <paramref name="client"/> if given.</summary>
    public static async Task<TlsSipPeer> ConnectAsync(IPAddress from, IPEndPoint to, X509Certificate2Collection roots, X509Certificate2? client)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(to, cts.Token);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, cert, _, _) => Verify(cert, roots));
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = client is null ? null : [client],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
            cts.Token);
        return new TlsSipPeer(socket, ssl);
    }

    /// <summary>Completes the server side of a handshake on an accepted socket with <paramref name="certificate"/>.</summary>
    public static async Task<TlsSipPeer> AcceptAsync(Socket accepted, X509Certificate2 certificate)
    {
        var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: false), false);
        using var cts = new CancellationTokenSource(Bound);
        await ssl.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
            cts.Token);
        return new TlsSipPeer(accepted, ssl);
    }

    public async Task SendAsync(string message)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(message));
        await Stream.FlushAsync();
    }

    /// <summary>The next whole message; fails the test when the connection closes or nothing comes within the bound.</summary>
    public async Task<byte[]> ReceiveAsync(string what)
    {
        using var cts = new CancellationTokenSource(Bound);
        try
        {
            return await ReadMessageAsync(Stream, cts.Token) ?? throw new Xunit.Sdk.XunitException($"the connection closed while waiting for {what}");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"nothing arrived while waiting for {what}");
        }
    }

    /// <summary>One message off <paramref name="stream"/>; null when it ends first.</summary>
    public static async Task<byte[]?> ReadMessageAsync(Stream stream, CancellationToken cancellation)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellation) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count == 2 && buffer[0] == '\r' && buffer[1] == '\n')
            {
                buffer.Clear(); // a keep-alive pong
            }
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray());
        var line = head.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body, cancellation);
        return [.. buffer, .. body];
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }

    private static bool Verify(X509Certificate? certificate, X509Certificate2Collection roots)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
