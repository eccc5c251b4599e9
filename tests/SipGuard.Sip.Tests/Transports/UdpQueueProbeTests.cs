using System.Net;
using System.Net.Sockets;
using SipGuard.Sip.Transports.Udp;

namespace SipGuard.Sip.Tests.Transports;

public sealed class UdpQueueProbeTests
{
    [Fact]
    public void QueuedBytes_OfASocketNobodyReads_GrowsWithWhatWasSent()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var empty = new UdpQueueProbe(receiver).QueuedBytes();

        var datagram = new byte[1000];
        for (var i = 0; i < 50; i++)
        {
            sender.SendTo(datagram, receiver.LocalEndPoint!);
        }

        // Loopback delivers synchronously: by now all 50 datagrams wait in the receiver's queue.
        var queued = new UdpQueueProbe(receiver).QueuedBytes();

        empty.Should().Be(0);
        if (OperatingSystem.IsLinux())
        {
            queued.Should().BeGreaterThanOrEqualTo(50 * 1000, "the kernel counts at least the payload of every queued datagram");
        }
        else
        {
            queued.Should().Be(0, "only Linux exposes the queue; elsewhere there is no backlog signal");
        }
    }
}
