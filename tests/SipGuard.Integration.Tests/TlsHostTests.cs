using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGuard.Proxy.Tests.Tls;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The real <c>sipguard run</c> with a TLS listener: a line with the right certificate is served,
/// and replacing the certificate files while it runs makes new connections present the new one.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class TlsHostTests : IDisposable
{
    private static readonly IPEndPoint TlsEndPoint = new(IPAddress.Loopback, 15461);
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-tls-host-").FullName;

    [Fact]
    public async Task CertificateFilesReplacedWhileRunning_NewConnectionsPresentTheNewCertificate()
    {
        var pki = TestPki.Create();
        var tls = Directory.CreateDirectory(Path.Combine(_dir, "tls")).FullName;
        TestPki.WritePem(pki.Server("sipguard.first"), Path.Combine(tls, "server.crt"), Path.Combine(tls, "server.key"));
        pki.WriteCaPem(Path.Combine(tls, "ca.crt"));
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:15460", "tls://127.0.0.1:15461" ]
            admin: off
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            tls: { certificate: tls/server.crt, key: tls/server.key, client_ca: tls/ca.crt }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:15481" ] }
            trunks:
              acme-line-1:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+86106602*" ]
                tls_names: [ "pbx.acme.example" ]
            """);
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, 15481));
        using var sipguard = ResilienceProcess.Sipguard(config);
        await sipguard.WaitForLineAsync("Application started");
        await sipguard.WaitForLineAsync("TLS listeners present CN=sipguard.first");
        var line = pki.Client("acme pbx", "pbx.acme.example");

        await using (var first = await TlsSipPeer.ConnectAsync(IPAddress.Parse("127.0.0.2"), TlsEndPoint, pki.Roots, line))
        {
            first.RemoteCertificate!.Subject.Should().Be("CN=sipguard.first");
            await first.SendAsync(Invite("tls-host-1", first.LocalEndPoint.Port));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var forwarded = Encoding.ASCII.GetString((await upstream.ReceiveAsync(bound.Token)).Buffer);
            forwarded.Should().StartWith("INVITE ").And.Contain("Call-ID: tls-host-1");
        }

        // Written into new files and moved over the old, as a certificate tool would: one reload sees both.
        TestPki.WritePem(pki.Server("sipguard.renewed"), Path.Combine(_dir, "server.crt.new"), Path.Combine(_dir, "server.key.new"));
        File.Move(Path.Combine(_dir, "server.key.new"), Path.Combine(tls, "server.key"), overwrite: true);
        File.Move(Path.Combine(_dir, "server.crt.new"), Path.Combine(tls, "server.crt"), overwrite: true);
        // Logged once the transports hold the new certificate, after the reload itself.
        await sipguard.WaitForLineAsync("TLS listeners present CN=sipguard.renewed");

        await using var second = await TlsSipPeer.ConnectAsync(IPAddress.Parse("127.0.0.2"), TlsEndPoint, pki.Roots, line);
        second.RemoteCertificate!.Subject.Should().Be("CN=sipguard.renewed", $"the process said:\n{sipguard.Log}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Invite(string callId, int port) =>
        $"INVITE sip:4008001234@127.0.0.1:15461 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.2:{port};branch=z9hG4bK-{callId}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:+861066022236@127.0.0.2>;tag=f-{callId}\r\nTo: <sip:4008001234@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n" +
        $"Contact: <sip:+861066022236@127.0.0.2:{port};transport=tls>\r\nContent-Length: 0\r\n\r\n";
}
