using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

public sealed class UdpTransportTests
{
    private static readonly byte[] Options = Encoding.ASCII.GetBytes(
        "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");

    private static TransportConfig Udp(int loops = 1, int maxMessageSize = 64 * 1024) => new()
    {
        Listen = ["udp://127.0.0.1:0"],
        UdpReceiveLoops = loops,
        MaxMessageSize = maxMessageSize,
    };

    [Fact]
    public async Task Datagram_HandlerRepliesInline_ClientReceivesTheEcho()
    {
        await using var harness = await TransportHarness.StartAsync(Udp());
        harness.Handler.Reply = data => data;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendToAsync(Options, harness.Set.GetLocalEndpoint(0).ToIPEndPoint());
        var buffer = new byte[2048];
        var received = await client.ReceiveAsync(buffer, SocketFlags.None, Guard.Token);

        buffer.AsSpan(0, received).ToArray().Should().Equal(Options);
        var packet = await harness.Handler.NextPacketAsync();
        packet.Transport.Should().Be(SipTransportKind.Udp);
        packet.ConnectionId.Should().Be(0);
    }

    [Fact]
    public async Task Datagram_From127002_HandlerSeesThatSourceAddressAndPort()
    {
        await using var harness = await TransportHarness.StartAsync(Udp());
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        await client.SendToAsync(Options, harness.Set.GetLocalEndpoint(0).ToIPEndPoint());
        var packet = await harness.Handler.NextPacketAsync();

        packet.Remote.Should().Be(SipEndpoint.FromIPEndPoint((IPEndPoint)client.LocalEndPoint!));
        packet.Remote.ToString().Should().StartWith("127.0.0.2:");
        packet.Data.Should().Equal(Options);
    }

    [Fact]
    public async Task ManyPeers_FourReceiveLoops_TrafficSpreadsOverLoops()
    {
        await using var harness = await TransportHarness.StartAsync(Udp(loops: 4));
        var target = harness.Set.GetLocalEndpoint(0).ToIPEndPoint();
        var clients = Enumerable.Range(0, 64).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToList();
        try
        {
            foreach (var client in clients)
            {
                client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                await client.SendToAsync(Options, target);
            }

            for (var i = 0; i < clients.Count; i++)
            {
                await harness.Handler.NextPacketAsync();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        var loops = harness.Set.GetUdp(0)!.Loops;
        loops.Should().HaveCount(4);
        loops.Sum(l => l.Packets).Should().Be(64);
        if (OperatingSystem.IsLinux())
        {
            // One SO_REUSEPORT socket per loop; the kernel hashes 64 peers over them.
            loops.Select(l => l.Socket).Distinct().Should().HaveCount(4);
            loops.Count(l => l.Packets > 0).Should().BeGreaterThan(1);
        }
        else
        {
            loops.Select(l => l.Socket).Distinct().Should().ContainSingle();
        }
    }

    [Fact]
    public async Task Datagram_OverTheLimit_IsDroppedAndCounted()
    {
        await using var harness = await TransportHarness.StartAsync(Udp(maxMessageSize: 1024));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = harness.Set.GetLocalEndpoint(0).ToIPEndPoint();

        await client.SendToAsync(new byte[1025], target);
        await client.SendToAsync(Options, target);
        var packet = await harness.Handler.NextPacketAsync();

        packet.Data.Should().Equal(Options, "the oversize datagram never reaches the handler");
        harness.Set.Counters.OversizeDropped.Should().Be(1);
        harness.Handler.TryTakePacket(out _).Should().BeFalse();
    }

    [Fact]
    public async Task Send_ToPeer_ArrivesFromTheListenerAddress()
    {
        await using var harness = await TransportHarness.StartAsync(Udp());
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        var target = new OutboundTarget(SipTransportKind.Udp, SipEndpoint.FromIPEndPoint((IPEndPoint)peer.LocalEndPoint!));

        harness.Set.Send(target, Options).Should().Be(SendResult.Sent);
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var received = await peer.ReceiveFromAsync(buffer, SocketFlags.None, from, Guard.Token);

        buffer.AsSpan(0, received).ToArray().Should().Equal(Options);
        SipEndpoint.FromSocketAddress(from).Should().Be(harness.Set.GetLocalEndpoint(0));
    }

    [Fact]
    public async Task Stop_LoopsBlockedInReceiveWithNoTraffic_AllReturn()
    {
        // The sockets have no receive timeout (an idle listener never wakes), so only the stop can
        // unblock the loops: it must, or the host would hang on shutdown.
        var harness = await TransportHarness.StartAsync(Udp(loops: 4));

        var stop = harness.Set.StopAsync().WaitAsync(Guard.Token);

        await stop.Invoking(s => s).Should().NotThrowAsync("the stop unblocks every receive loop");
        harness.Wheel.Dispose();
    }
}
