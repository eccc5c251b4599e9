using SipGuard.Sip.Transports;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Proxy.Tests.Security;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>
/// Failover at the transport, on the wire: a TCP target that refuses the connect (a closed port on
/// 127.0.0.5) is a failed try like a send error, and the next target may use another transport.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class TransportFailoverWireTests
{
    private static readonly UpstreamTargetConfig RefusingTcp = new("sip:127.0.0.5:15183;transport=tcp", SipTransportKind.Tcp, "127.0.0.5", 15183, 0, 1);
    private static readonly UpstreamTargetConfig LiveUdp = new("sip:127.0.0.1:15182", SipTransportKind.Udp, "127.0.0.1", 15182, 1, 1);

    [Fact]
    public async Task OnlyTargetRefusesTheTcpConnect_CallerHears503Now_Not408AtTimerB()
    {
        await using var h = await FailoverHarness.StartAsync(targets: [RefusingTcp], tcpListener: true);

        h.Caller.Send(FailoverHarness.Invite("tcp-refused"), FailoverHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(503); // the peer gives up after 10 s, well before Timer B's 32 s

        SipText.StatusOf(answer).Should().Be(503);
        SipText.Header(answer, "Warning").Should().Contain("upstream-unreachable");
        SipText.Header(answer, "Retry-After").Should().NotBeEmpty();
    }

    [Fact]
    public async Task TcpTargetRefused_ThenLiveUdpTarget_GetsTheInviteWithAUdpViaAndTheCallCompletes()
    {
        await using var h = await FailoverHarness.StartAsync(targets: [RefusingTcp, LiveUdp], tcpListener: true);

        h.Caller.Send(FailoverHarness.Invite("tcp-then-udp"), FailoverHarness.ProxyEndPoint);
        var toSecond = await FailoverHarness.NextInviteAsync(h.Second, "tcp-then-udp");
        h.Second.Send(SipText.Response(toSecond, 200, "OK", toTag: "up-tcp-then-udp"), FailoverHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(200);

        SipText.Header(toSecond, "Via").Should().StartWith("Via: SIP/2.0/UDP 127.0.0.1:15161;branch=", "the try on UDP names our UDP listener");
        RecordRoutes(toSecond).Should().ContainSingle("caller and target are both on UDP now: one Record-Route")
            .Which.Should().NotContain("transport=tcp");
        SipText.StatusOf(answer).Should().Be(200);

        // The dialog is bound to the UDP target: the caller's ACK is routed to it.
        var call = new Dialogs.Call("tcp-then-udp", toSecond, answer);
        var ack = Dialogs.InDialog("ACK", "sip:4008001234@127.0.0.1:15182", "127.0.0.2:15171", "z9hG4bK-tcp-then-udp-ack", call.Route, call.CallerTag, "up-tcp-then-udp", call.CallId, 1, null);
        h.Caller.Send(ack, FailoverHarness.ProxyEndPoint);
        var relayed = await Dialogs.NextRequestAsync(h.Second, "ACK", "tcp-then-udp");
        SipText.StartLine(relayed).Should().StartWith("ACK sip:4008001234@127.0.0.1:15182");
    }

    [Fact]
    public async Task UdpTargetAnswers503_ThenLiveTcpTarget_GetsTheInviteWithATcpViaAndADoubleRecordRoute()
    {
        using var tcp = new TcpListener(IPAddress.Parse("127.0.0.6"), 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        UpstreamTargetConfig[] targets =
        [
            new("sip:127.0.0.1:15181", SipTransportKind.Udp, "127.0.0.1", 15181, 0, 1),
            new($"sip:127.0.0.6:{port};transport=tcp", SipTransportKind.Tcp, "127.0.0.6", port, 1, 1),
        ];
        await using var h = await FailoverHarness.StartAsync(targets: targets, tcpListener: true);

        h.Caller.Send(FailoverHarness.Invite("udp-then-tcp"), FailoverHarness.ProxyEndPoint);
        var toFirst = await FailoverHarness.NextInviteAsync(h.First, "udp-then-tcp");
        h.First.Send(SipText.Response(toFirst, 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        using var accepted = await tcp.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var stream = new NetworkStream(accepted);
        var toSecond = await ReadMessageAsync(stream);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(SipText.Response(toSecond, 200, "OK")));
        var answer = await h.Caller.ReceiveStatusAsync(200);

        SipText.StartLine(toSecond).Should().StartWith("INVITE ");
        SipText.Header(toSecond, "Via").Should().StartWith("Via: SIP/2.0/TCP 127.0.0.1:15161;branch=", "the try on TCP names our TCP listener");
        var routes = RecordRoutes(toSecond);
        routes.Should().HaveCount(2, "the call now changes transport at the proxy (RFC 5658)");
        routes[0].Should().Contain("transport=tcp", "the callee-facing entry is on top");
        routes[1].Should().NotContain("transport=tcp").And.Contain(";sgd=");
        SipText.StatusOf(answer).Should().Be(200);
    }

    private static List<string> RecordRoutes(byte[] message) =>
        SipText.Text(message).Split("\r\n").Where(l => l.StartsWith("Record-Route:", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>One SIP message off a stream: the header block, then Content-Length bytes of body.</summary>
    private static async Task<byte[]> ReadMessageAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cts.Token) == 0)
            {
                throw new Xunit.Sdk.XunitException("the connection closed before a whole message arrived");
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray());
        var length = int.Parse(SipText.Header(head, "Content-Length")["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cts.Token);
        return [.. buffer, .. body];
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
