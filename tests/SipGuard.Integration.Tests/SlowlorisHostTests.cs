using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The real host under a slowloris: 1,024 TCP connections from one address, each holding the first
/// byte of a message it never finishes, then a trunk's call over TCP from another address.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class SlowlorisHostTests : IDisposable
{
    private const int Port = 15362;
    private const int UpstreamPort = 15381;
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-slowloris-").FullName;

    [Fact]
    public async Task Slowloris_1024ConnectionsFromOneSource_TrunkTcpCallIsAnswered()
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
            limits: { max_tcp_connections: 1024, max_tcp_connections_per_source: 16, tcp_message_timeout: 5s }
            """);
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var host = ResilienceProcess.Sipguard(config);
        await host.WaitForLineAsync("Application started");

        var attackers = new List<Socket>();
        var held = 0;
        try
        {
            for (var i = 0; i < 1_024; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                attackers.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.66"), 0));
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                    await socket.SendAsync("I"u8.ToArray(), SocketFlags.None);
                }
                catch (SocketException)
                {
                    // Reset at accept: over the source's share.
                }
            }

            using var trunk = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            trunk.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await trunk.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
            var local = (IPEndPoint)trunk.LocalEndPoint!;
            await trunk.SendAsync(Encoding.ASCII.GetBytes(
                $"INVITE sip:+861012345678@127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2:{local.Port};branch=z9hG4bK-slow1\r\n" +
                "From: <sip:+861066022236@127.0.0.2>;tag=trunk\r\nTo: <sip:+861012345678@127.0.0.1>\r\nCall-ID: slowloris-1\r\n" +
                $"CSeq: 1 INVITE\r\nContact: <sip:+861066022236@127.0.0.2:{local.Port};transport=tcp>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"), SocketFlags.None);

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var forwarded = await upstream.ReceiveAsync(bound.Token);
            await upstream.SendAsync(Ok(Encoding.ASCII.GetString(forwarded.Buffer)), forwarded.RemoteEndPoint, bound.Token);

            var answers = new StringBuilder();
            var buffer = new byte[4096];
            while (!answers.ToString().Contains("SIP/2.0 200 OK", StringComparison.Ordinal))
            {
                var read = await trunk.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
                read.Should().BePositive($"the host closed the trunk's connection; it said:\n{host.Log}");
                answers.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            foreach (var socket in attackers)
            {
                held += socket.Connected && socket.Poll(0, SelectMode.SelectRead) == false ? 1 : 0;
            }

            held.Should().BeLessThanOrEqualTo(16, "one address holds at most its share of the connections");
        }
        finally
        {
            foreach (var socket in attackers)
            {
                socket.Dispose();
            }

            await host.StopAsync();
        }
    }

    /// <summary>A 200 to the forwarded INVITE: its Via lines, From, To with a tag, Call-ID, CSeq.</summary>
    private static byte[] Ok(string request)
    {
        var lines = request.Split("\r\n");
        var reply = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var line in lines.Skip(1).TakeWhile(l => l.Length > 0))
        {
            var name = line[..line.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant();
            if (name is "via" or "v" or "from" or "f" or "call-id" or "i" or "cseq")
            {
                reply.Append(line).Append("\r\n");
            }
            else if (name is "to" or "t")
            {
                reply.Append(line).Append(";tag=callee\r\n");
            }
        }

        reply.Append("Contact: <sip:agent@127.0.0.1:").Append(UpstreamPort).Append(">\r\nContent-Length: 0\r\n\r\n");
        return Encoding.ASCII.GetBytes(reply.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
