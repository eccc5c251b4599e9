using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Sip.Transports.Tls;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Tls;

/// <summary>
/// SIP over TLS from a trunk, on the wire, as an attacker would try it: the trunk names the
/// certificate <c>pbx.acme.example</c>, so the right source address alone is not enough.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class TlsTrunkWireTests
{
    [Fact]
    public async Task CertificateWithTheTrunksName_IsForwarded_AndTheAnswerComesBackOnTheSameConnection()
    {
        await using var h = await TlsHarness.StartAsync();
        await using var caller = await h.ConnectCallerAsync(h.Pki.Client("acme pbx", TlsHarness.AcmeName));

        await caller.SendAsync(TlsHarness.Invite("tls-right-name", caller.LocalEndPoint.Port));
        var forwarded = await FirstInviteAsync(h.Upstream, "tls-right-name");
        h.Upstream.Send(SipText.Response(forwarded, 200, "OK"), TlsHarness.TlsEndPoint);
        var answer = await FinalAsync(caller);

        SipText.StatusOf(answer).Should().Be(200);
        SipText.Header(forwarded, "Via").Should().StartWith("Via: SIP/2.0/UDP 127.0.0.1:15261;branch=", "the INVITE leaves on UDP");
        var routes = SipText.Lines(SipText.Text(forwarded)).Where(l => SipText.IsHeader(l, "Record-Route")).ToList();
        routes.Should().HaveCount(2, "TLS in, UDP out: double record-routing (RFC 5658)");
        routes[1].Should().Contain("<sip:127.0.0.1:15261;transport=tls;lr", "in-dialog requests come back to the caller over TLS");
    }

    [Fact]
    public async Task CertificateWithAnotherName_Gets403UnknownPeer_AndNothingIsForwarded()
    {
        await using var h = await TlsHarness.StartAsync();
        await using (var intruder = await h.ConnectCallerAsync(h.Pki.Client("intruder", "pbx.other.example")))
        {
            await intruder.SendAsync(TlsHarness.Invite("tls-wrong-name", intruder.LocalEndPoint.Port));
            var refusal = await FinalAsync(intruder);
            SipText.StatusOf(refusal).Should().Be(403);
            SipText.Header(refusal, "Warning").Should().Contain("unknown-peer");
        }

        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task NoClientCertificate_Gets403UnknownPeer_AndNothingIsForwarded()
    {
        await using var h = await TlsHarness.StartAsync();
        await using (var anonymous = await h.ConnectCallerAsync(client: null))
        {
            await anonymous.SendAsync(TlsHarness.Invite("tls-no-cert", anonymous.LocalEndPoint.Port));
            var refusal = await FinalAsync(anonymous);
            SipText.StatusOf(refusal).Should().Be(403);
            SipText.Header(refusal, "Warning").Should().Contain("unknown-peer");
        }

        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task SameSourceOverUdp_IsAStranger_BecauseUdpCarriesNoCertificate()
    {
        await using var h = await TlsHarness.StartAsync();
        using (var udpCaller = new UdpPeer("127.0.0.2", 15271))
        {
            udpCaller.Send(SipText.Invite("udp-no-cert", sentBy: "127.0.0.2:15271", branch: "z9hG4bK-udp-no-cert"), TlsHarness.TlsEndPoint);
            var refusal = await udpCaller.ReceiveAsync("the refusal");
            SipText.StatusOf(refusal).Should().Be(403);
            SipText.Header(refusal, "Warning").Should().Contain("unknown-peer");
        }

        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task CommonNameCounts_OnlyWhenTheCertificateHasNoSubjectAltName()
    {
        await using var h = await TlsHarness.StartAsync();
        await using (var sanElsewhere = await h.ConnectCallerAsync(h.Pki.Client(TlsHarness.AcmeName, "pbx.other.example")))
        {
            await sanElsewhere.SendAsync(TlsHarness.Invite("tls-cn-with-san", sanElsewhere.LocalEndPoint.Port));
            SipText.StatusOf(await FinalAsync(sanElsewhere)).Should().Be(403, "with a subjectAltName the CN is not a name (RFC 5922 §7.1)");
        }

        await using var cnOnly = await h.ConnectCallerAsync(h.Pki.Client(TlsHarness.AcmeName));
        await cnOnly.SendAsync(TlsHarness.Invite("tls-cn-only", cnOnly.LocalEndPoint.Port));
        (await FirstInviteAsync(h.Upstream, "tls-cn-only")).Should().NotBeEmpty();
    }

    [Fact]
    public async Task PlaintextOnTheTlsPort_IsClosed_AndTheNextCallIsServed()
    {
        await using var h = await TlsHarness.StartAsync();
        using (var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            plain.Bind(new IPEndPoint(TlsHarness.CallerAddress, 0));
            await plain.ConnectAsync(TlsHarness.TlsEndPoint);
            await plain.SendAsync(Encoding.ASCII.GetBytes(TlsHarness.Invite("plaintext", 5061)));
            (await ReadUntilClosedAsync(plain)).Should().NotContain("SIP/2.0", "a handshake that fails is answered with nothing in clear");
        }

        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task SilentClientHoldingAHandshakeOpen_DoesNotHoldUpTheNextCall()
    {
        await using var h = await TlsHarness.StartAsync();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(TlsHarness.CallerAddress, 0));
        await silent.ConnectAsync(TlsHarness.TlsEndPoint); // and never says a word: its handshake waits on its own task

        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_FailsTheHandshake_AndNothingIsForwarded()
    {
        await using var h = await TlsHarness.StartAsync();
        var forged = TestPki.Create("Forger CA").Client("acme pbx", TlsHarness.AcmeName);
        var attempt = async () =>
        {
            await using var intruder = await h.ConnectCallerAsync(forged);
            await intruder.SendAsync(TlsHarness.Invite("tls-forged", intruder.LocalEndPoint.Port));
            await intruder.ReceiveAsync("anything");
        };

        // Under TLS 1.3 the refusal may surface on the first read rather than in the handshake.
        await attempt.Should().ThrowAsync<Exception>();
        await AllowedCallIsTheFirstUpstreamSeesAsync(h);
    }

    [Fact]
    public async Task NewServerCertificate_IsPresentedToNewConnections_WhileOpenOnesKeepWorking()
    {
        await using var h = await TlsHarness.StartAsync();
        var client = h.Pki.Client("acme pbx", TlsHarness.AcmeName);
        await using var before = await h.ConnectCallerAsync(client);
        before.RemoteCertificate!.Thumbprint.Should().Be(h.ServerCertificate.Thumbprint);

        var renewed = h.Pki.Server("sipguard.renewed");
        h.Transports.UpdateTls(new TlsSettings(TlsHarness.ServerCredentials(h.Pki, renewed).Credentials, new Dictionary<Sip.Transports.SipEndpoint, TlsClientCredentials>()));
        await using var after = await h.ConnectCallerAsync(client);

        after.RemoteCertificate!.Thumbprint.Should().Be(renewed.Thumbprint);
        await before.SendAsync(TlsHarness.Invite("tls-old-connection", before.LocalEndPoint.Port));
        (await FirstInviteAsync(h.Upstream, "tls-old-connection")).Should().NotBeEmpty();
    }

    /// <summary>A call with the right certificate is the first message the upstream ever receives: nothing before it got through.</summary>
    private static async Task AllowedCallIsTheFirstUpstreamSeesAsync(TlsHarness h)
    {
        await using var caller = await h.ConnectCallerAsync(h.Pki.Client("acme pbx", TlsHarness.AcmeName));
        await caller.SendAsync(TlsHarness.Invite("tls-allowed-after", caller.LocalEndPoint.Port));
        var first = await h.Upstream.ReceiveAsync("the allowed INVITE");
        SipText.Header(first, "Call-ID").Should().Be("Call-ID: tls-allowed-after", "the refused request must not have been forwarded");
    }

    internal static async Task<byte[]> FirstInviteAsync(UdpPeer upstream, string callId)
    {
        var data = await upstream.ReceiveAsync($"the INVITE of {callId}");
        SipText.StartLine(data).Should().StartWith("INVITE ");
        SipText.Header(data, "Call-ID").Should().Be($"Call-ID: {callId}");
        return data;
    }

    /// <summary>The first final response on the connection, past 100 Trying.</summary>
    internal static async Task<byte[]> FinalAsync(TlsSipPeer peer)
    {
        while (true)
        {
            var message = await peer.ReceiveAsync("a final response");
            if (SipText.StatusOf(message) >= 200)
            {
                return message;
            }
        }
    }

    private static async Task<string> ReadUntilClosedAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            {
                received.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("the TLS port kept a plaintext connection open");
        }

        return received.ToString();
    }
}
