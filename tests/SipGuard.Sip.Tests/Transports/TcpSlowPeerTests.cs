using System.Net.Sockets;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

/// <summary>Slow and greedy TCP peers, on the wire: each attacker source is another loopback address.</summary>
public sealed class TcpSlowPeerTests
{
    private const string Options = "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n";
    private const string Invite =
        "INVITE sip:+861012345678@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2:5060;branch=z9hG4bKtrunk1\r\n" +
        "From: <sip:+861066022236@127.0.0.2>;tag=1\r\nTo: <sip:+861012345678@127.0.0.1>\r\nCall-ID: trunk-call\r\n" +
        "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(50);

    private static TransportConfig Tcp(TimeSpan message, TimeSpan idle, int perSource = 16, int max = 1_024) => new()
    {
        Listen = ["tcp://127.0.0.1:0"],
        TcpMaxConnections = max,
        TcpMaxConnectionsPerSource = perSource,
        TcpMessageTimeout = message,
        TcpIdleTimeout = idle,
    };

    [Fact]
    public async Task MessageTrickledOneByteAtATime_IsClosedAtTheMessageDeadline()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(message: TimeSpan.FromMilliseconds(300), idle: TimeSpan.FromHours(1)));
        using var client = await TcpPeer.ConnectAsync(harness, from: "127.0.0.66");

        // Many times the deadline's worth of bytes: the old idle clock, reset by every byte, never fired.
        var closedFirst = await TcpPeer.TrickleAsync(client, Options + Options + Options, Gap);
        var rest = await TcpPeer.ReadToEndAsync(client);

        (closedFirst || rest.Length == 0).Should().BeTrue();
        harness.Set.Counters.MessageTimeouts.Should().Be(1);
        harness.Handler.TryTakePacket(out _).Should().BeFalse("no message ever arrived whole");
    }

    [Fact]
    public async Task ConnectionThatNeverSends_IsClosedAtTheMessageDeadline()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(message: TimeSpan.FromMilliseconds(300), idle: TimeSpan.FromHours(1)));
        using var client = await TcpPeer.ConnectAsync(harness, from: "127.0.0.66");

        (await TcpPeer.ReadToEndAsync(client)).Should().BeEmpty();
        harness.Set.Counters.MessageTimeouts.Should().Be(1);
    }

    [Fact]
    public async Task TrickleAfterAMessage_DoesNotResetTheIdleTimeout()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(message: TimeSpan.FromHours(1), idle: TimeSpan.FromMilliseconds(300)));
        using var client = await TcpPeer.ConnectAsync(harness, from: "127.0.0.66");
        await TcpPeer.SendAsync(client, Options);
        await harness.Handler.NextPacketAsync();

        // Bytes that never make a message: before, each one counted as activity.
        var closedFirst = await TcpPeer.TrickleAsync(client, Options + Options, Gap);
        var rest = await TcpPeer.ReadToEndAsync(client);

        (closedFirst || rest.Length == 0).Should().BeTrue();
        harness.Set.Counters.IdleClosed.Should().Be(1);
        harness.Set.Counters.MessageTimeouts.Should().Be(0);
    }

    [Fact]
    public async Task SourceOverItsShare_IsReset_AndOtherSourcesAndItsHeldConnectionsKeepWorking()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(message: TimeSpan.FromHours(1), idle: TimeSpan.FromHours(1), perSource: 2));
        using var first = await TcpPeer.ConnectAsync(harness, from: "127.0.0.66");
        using var second = await TcpPeer.ConnectAsync(harness, from: "127.0.0.66");
        using var third = await TcpPeer.ConnectOrResetAsync(harness, from: "127.0.0.66");
        using var trunk = await TcpPeer.ConnectAsync(harness, from: "127.0.0.2");

        if (third is not null)
        {
            (await TcpPeer.ReadToEndAsync(third)).Should().BeEmpty("the third connection from one address is reset at accept");
        }

        await TcpPeer.SendAsync(trunk, Options);
        (await harness.Handler.NextPacketAsync()).Remote.ToString().Should().StartWith("127.0.0.2:");
        await TcpPeer.SendAsync(second, Options);
        (await harness.Handler.NextPacketAsync()).Remote.ToString().Should().StartWith("127.0.0.66:");

        harness.Set.Counters.SourceCapRefused.Should().Be(1);
        harness.Set.ConnectionCount.Should().Be(3);
    }

    [Fact]
    public async Task Slowloris_1024SlowConnectionsFromOneSource_TrunkCallStillAnswered()
    {
        // Carrier defaults: 1,024 connections in all, 16 per source address, 5 s per message.
        await using var harness = await TransportHarness.StartAsync(Tcp(message: TimeSpan.FromSeconds(5), idle: TimeSpan.FromMinutes(10)));
        harness.Handler.Reply = request => System.Text.Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.2:5060;branch=z9hG4bKtrunk1\r\nCall-ID: trunk-call\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        var attackers = new List<Socket>();
        try
        {
            for (var i = 0; i < 1_024; i++)
            {
                // Each sends the first byte of a message that never ends (one a second would do the same).
                if (await TcpPeer.ConnectOrResetAsync(harness, from: "127.0.0.66") is { } socket)
                {
                    attackers.Add(socket);
                }
            }

            using var trunk = await TcpPeer.ConnectAsync(harness, from: "127.0.0.2");
            await TcpPeer.SendAsync(trunk, Invite);

            var answer = new byte[512];
            var read = await trunk.ReceiveAsync(answer, SocketFlags.None, Guard.Token);
            System.Text.Encoding.ASCII.GetString(answer, 0, read).Should().StartWith("SIP/2.0 200 OK");

            // Accepts are served in order: every attacker connection was judged before the trunk's.
            harness.Set.Counters.SourceCapRefused.Should().Be(1_024 - 16);
            harness.Set.Counters.ConnectionsRefused.Should().Be(0, "the global limit was never reached");
        }
        finally
        {
            foreach (var socket in attackers)
            {
                socket.Dispose();
            }
        }
    }
}
