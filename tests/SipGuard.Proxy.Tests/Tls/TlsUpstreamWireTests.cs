using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Transports.Tls;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Tls;

/// <summary>
/// Upstream targets over TLS, on the wire: the upstream's certificate must chain to the configured
/// CA and carry the server name; a handshake that fails is a failed try (failover or 503), and the
/// INVITE is never sent in clear.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class TlsUpstreamWireTests
{
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.6");

    [Fact]
    public async Task TrustedUpstream_GetsTheInviteOverTls_AndTheConnectionIsReusedForTheNextCall()
    {
        var pki = TestPki.Create();
        using var listener = Listen(out var endpoint);
        await using var h = await StartAsync(pki, endpoint, udpFallback: false);
        await using var caller = await h.ConnectCallerAsync(pki.Client("acme pbx", TlsHarness.AcmeName));

        await caller.SendAsync(TlsHarness.Invite("up-tls-1", caller.LocalEndPoint.Port));
        using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var upstream = await TlsSipPeer.AcceptAsync(accepted, pki.Server());
        var first = await upstream.ReceiveAsync("the first INVITE");
        await upstream.SendAsync(SipText.Response(first, 200, "OK"));
        SipText.StatusOf(await TlsTrunkWireTests.FinalAsync(caller)).Should().Be(200);

        await caller.SendAsync(TlsHarness.Invite("up-tls-2", caller.LocalEndPoint.Port).Replace("z9hG4bK-up-tls-2", "z9hG4bK-up-tls-2b", StringComparison.Ordinal));
        var second = await upstream.ReceiveAsync("the second INVITE, on the same connection");

        SipText.Header(first, "Via").Should().StartWith("Via: SIP/2.0/TLS 127.0.0.1:15261;branch=");
        SipText.Lines(SipText.Text(first)).Where(l => SipText.IsHeader(l, "Record-Route")).Should()
            .ContainSingle("TLS in and TLS out from one listener: one Record-Route")
            .Which.Should().Contain(";transport=tls;lr");
        SipText.Header(second, "Call-ID").Should().Be("Call-ID: up-tls-2");
        listener.Pending().Should().BeFalse("the second call reused the first connection");
    }

    [Fact]
    public async Task UntrustedUpstreamCertificate_IsAFailedTry_TheNextTargetGetsTheCall_AndNothingWasSentInClear()
    {
        var pki = TestPki.Create();
        var stranger = TestPki.Create("Someone Else's CA");
        using var listener = Listen(out var endpoint);
        await using var h = await StartAsync(pki, endpoint, udpFallback: true);
        await using var caller = await h.ConnectCallerAsync(pki.Client("acme pbx", TlsHarness.AcmeName));

        await caller.SendAsync(TlsHarness.Invite("up-untrusted", caller.LocalEndPoint.Port));
        var seen = await ImpostorAsync(listener, stranger.Server());
        var forwarded = await TlsTrunkWireTests.FirstInviteAsync(h.Upstream, "up-untrusted");

        seen.Should().BeNull("the handshake failed before anything was sent");
        listener.Pending().Should().BeFalse("no second connection tried the target in clear");
        SipText.Header(forwarded, "Via").Should().StartWith("Via: SIP/2.0/UDP 127.0.0.1:15261;branch=", "the next try leaves on UDP");
    }

    [Fact]
    public async Task OnlyTargetPresentsAWrongName_CallerGets503()
    {
        var pki = TestPki.Create();
        using var listener = Listen(out var endpoint);
        await using var h = await StartAsync(pki, endpoint, udpFallback: false, serverName: "callcenter.example");
        await using var caller = await h.ConnectCallerAsync(pki.Client("acme pbx", TlsHarness.AcmeName));

        await caller.SendAsync(TlsHarness.Invite("up-wrong-name", caller.LocalEndPoint.Port));
        var seen = await ImpostorAsync(listener, pki.Server()); // trusted CA, but issued for localhost, not callcenter.example
        var answer = await TlsTrunkWireTests.FinalAsync(caller);

        seen.Should().BeNull("the handshake failed before anything was sent");
        SipText.StatusOf(answer).Should().Be(503);
    }

    private static TcpListener Listen(out IPEndPoint endpoint)
    {
        var listener = new TcpListener(UpstreamAddress, 0);
        listener.Start();
        endpoint = (IPEndPoint)listener.LocalEndpoint;
        return listener;
    }

    private static Task<TlsHarness> StartAsync(TestPki pki, IPEndPoint upstream, bool udpFallback, string serverName = "localhost")
    {
        List<UpstreamTargetConfig> targets =
        [
            new($"sip:{upstream};transport=tls", SipTransportKind.Tls, upstream.Address.ToString(), upstream.Port, 0, 1),
        ];
        if (udpFallback)
        {
            targets.Add(new("sip:127.0.0.1:15281", SipTransportKind.Udp, "127.0.0.1", 15281, 1, 1));
        }

        var clients = new Dictionary<SipEndpoint, TlsClientCredentials> { [SipEndpoint.FromIPEndPoint(upstream)] = new(pki.Roots, serverName) };
        return TlsHarness.StartAsync(pki, targets, clients);
    }

    /// <summary>
    /// Plays an upstream SipGuard must not trust: accepts, checks the first byte is a TLS handshake
    /// record (not SIP in clear), answers with <paramref name="certificate"/>, and returns the SIP
    /// message it got over the connection, if any (there should be none: SipGuard aborts the handshake).
    /// </summary>
    private static async Task<byte[]?> ImpostorAsync(TcpListener listener, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var head = new byte[1];
        (await accepted.ReceiveAsync(head, SocketFlags.Peek)).Should().Be(1);
        head[0].Should().Be(0x16, "the first byte is a TLS handshake record, not SIP");
        try
        {
            // Under TLS 1.3 the server's side completes before the client judged the certificate;
            // the client's refusal then arrives as an alert or a close on the first read.
            await using var peer = await TlsSipPeer.AcceptAsync(accepted, certificate);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await TlsSipPeer.ReadMessageAsync(peer.Stream, bound.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }
    }
}
