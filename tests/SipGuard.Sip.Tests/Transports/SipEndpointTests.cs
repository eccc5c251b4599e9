using System.Net;
using System.Net.Sockets;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

public sealed class SipEndpointTests
{
    [Theory]
    [InlineData("127.0.0.2", 5060)]
    [InlineData("2001:db8::7", 15060)]
    public void SocketAddress_RoundTrip_KeepsAddressAndPort(string address, int port)
    {
        var ip = new IPEndPoint(IPAddress.Parse(address), port);
        var fromSocket = SipEndpoint.FromSocketAddress(ip.Serialize());

        fromSocket.Should().Be(SipEndpoint.FromIPEndPoint(ip));
        fromSocket.ToIPEndPoint().Should().Be(ip);

        var reused = new SocketAddress(ip.AddressFamily);
        fromSocket.TryWriteTo(reused).Should().BeTrue();
        SipEndpoint.FromSocketAddress(reused).Should().Be(fromSocket);
    }

    [Fact]
    public void TryWriteTo_OtherFamily_ReturnsFalse()
    {
        var endpoint = SipEndpoint.FromIPv4(0x7F000001, 5060);

        endpoint.TryWriteTo(new SocketAddress(AddressFamily.InterNetworkV6)).Should().BeFalse();
    }

    [Fact]
    public void Equality_SameAddressAndPort_WorksAsDictionaryKey()
    {
        var map = new Dictionary<SipEndpoint, int> { [SipEndpoint.FromIPv4(0x7F000002, 5060)] = 1 };

        map.Should().ContainKey(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5060)));
        map.Should().NotContainKey(SipEndpoint.FromIPv4(0x7F000002, 5061));
    }
}
