using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The gate against the real host over loopback TCP and UDP: a trunk's call over TCP, the
/// upstream's BYE sent back down the trunk's connection on the flow token of SipGuard's
/// Record-Route, a stranger's forged and copied flow tokens refused, and 513 for an oversized
/// TCP request.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class GateHostTests : IDisposable
{
    private const int Port = 15362;
    private const int UpstreamPort = 15381;
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-gate-").FullName;

    [Fact]
    public async Task TcpTrunkCall_UpstreamByeTakesTheFlow_StrangersFlowTokensDoNothing_OversizedGets513()
    {
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{Port}}", "tcp://127.0.0.1:{{Port}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{UpstreamPort}}" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: off
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            limits: { max_message_bytes: 4096 }
            """);
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.66"), 15390));
        using var host = ResilienceProcess.Sipguard(config);
        await host.WaitForLineAsync("Application started");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var proxy = new IPEndPoint(IPAddress.Loopback, Port);
        try
        {
            using var trunk = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            trunk.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await trunk.ConnectAsync(proxy);
            var local = (IPEndPoint)trunk.LocalEndPoint!;
            var contact = $"sip:+861066022236@127.0.0.2:{local.Port};transport=tcp";
            await trunk.SendAsync(Encoding.ASCII.GetBytes(
                $"INVITE sip:+861012345678@127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2:{local.Port};branch=z9hG4bK-gate1\r\n" +
                "From: <sip:+861066022236@127.0.0.2>;tag=trunk\r\nTo: <sip:+861012345678@127.0.0.1>\r\nCall-ID: gate-1\r\n" +
                $"CSeq: 1 INVITE\r\nContact: <{contact}>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"), SocketFlags.None);

            var forwarded = Encoding.ASCII.GetString((await upstream.ReceiveAsync(bound.Token)).Buffer);
            // Double record-routing (UDP towards the upstream, TCP towards the trunk): the route set is both.
            var recordRoute = string.Join(", ", forwarded.Split("\r\n").Where(l => l.StartsWith("Record-Route:", StringComparison.OrdinalIgnoreCase)).Select(l => l["Record-Route:".Length..].Trim()));
            recordRoute.Should().Contain(";sgd=").And.Contain(";sgf=", "a TCP caller's flow is named, with a mac");
            await upstream.SendAsync(Ok(forwarded), new IPEndPoint(IPAddress.Loopback, Port), bound.Token);
            var stream = new TrunkReader(trunk);
            (await stream.NextAsync(bound.Token)).Should().Contain("SIP/2.0 100 Trying");
            (await stream.NextAsync(bound.Token)).Should().StartWith("SIP/2.0 200 OK");

            // A stranger: a bare sequential flow token, then the dialog's real route copied.
            var route = recordRoute;
            foreach (var (attack, routeValue) in new[] { ("bare", $"<sip:127.0.0.1:{Port};lr;sgf=1>"), ("copied", route) })
            {
                await stranger.SendAsync(Bye($"z9hG4bK-{attack}", "127.0.0.66:15390", routeValue, contact), proxy, bound.Token);
                var refused = Encoding.ASCII.GetString((await stranger.ReceiveAsync(bound.Token)).Buffer);
                refused.Should().StartWith("SIP/2.0 403", attack);
            }

            // The upstream's own BYE is the next thing on the trunk's connection.
            await upstream.SendAsync(Bye("z9hG4bK-real", $"127.0.0.1:{UpstreamPort}", route, contact), proxy, bound.Token);
            var bye = await stream.NextAsync(bound.Token);
            bye.Should().StartWith($"BYE {contact} SIP/2.0").And.Contain("branch=z9hG4bK-real");
            bye.Should().NotContain("Route:", "both of our Route values, on one line, are removed");

            // An oversized request over TCP: 513 on its connection before it closes.
            await trunk.SendAsync(Encoding.ASCII.GetBytes(
                $"MESSAGE sip:+861012345678@127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2:{local.Port};branch=z9hG4bK-big\r\n" +
                "From: <sip:+861066022236@127.0.0.2>;tag=big\r\nTo: <sip:+861012345678@127.0.0.1>\r\nCall-ID: gate-big\r\n" +
                $"CSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\nContent-Type: text/plain\r\nContent-Length: 8000\r\n\r\n{new string('x', 8000)}"), SocketFlags.None);
            var tooLarge = await stream.NextAsync(bound.Token);
            tooLarge.Should().StartWith("SIP/2.0 513").And.Contain("Call-ID: gate-big");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static byte[] Bye(string branch, string sentBy, string route, string contact) => Encoding.ASCII.GetBytes(
        $"BYE {contact} SIP/2.0\r\nVia: SIP/2.0/UDP {sentBy};branch={branch}\r\nMax-Forwards: 70\r\nRoute: {route}\r\n" +
        "From: <sip:+861012345678@127.0.0.1>;tag=callee\r\nTo: <sip:+861066022236@127.0.0.2>;tag=trunk\r\nCall-ID: gate-1\r\n" +
        "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n");

    /// <summary>A 200 to the forwarded INVITE: Vias, Record-Route, From, To with a tag, Call-ID, CSeq (RFC 3261 §12.1.1).</summary>
    private static byte[] Ok(string request)
    {
        var reply = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var line in request.Split("\r\n").Skip(1).TakeWhile(l => l.Length > 0))
        {
            var name = line[..line.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant();
            if (name is "via" or "record-route" or "from" or "call-id" or "cseq")
            {
                reply.Append(line).Append("\r\n");
            }
            else if (name == "to")
            {
                reply.Append(line).Append(";tag=callee\r\n");
            }
        }

        reply.Append("Contact: <sip:agent@127.0.0.1:").Append(UpstreamPort).Append(">\r\nContent-Length: 0\r\n\r\n");
        return Encoding.ASCII.GetBytes(reply.ToString());
    }

    /// <summary>Splits what the trunk's connection receives into messages (each here has Content-Length: 0).</summary>
    private sealed class TrunkReader(Socket socket)
    {
        private readonly StringBuilder _pending = new();
        private readonly byte[] _buffer = new byte[8192];

        public async Task<string> NextAsync(CancellationToken cancel)
        {
            while (true)
            {
                var text = _pending.ToString();
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    _pending.Remove(0, end + 4);
                    return text[..(end + 4)];
                }

                var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancel);
                read.Should().BePositive("the trunk's connection stays open until SipGuard answers");
                _pending.Append(Encoding.ASCII.GetString(_buffer, 0, read));
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
