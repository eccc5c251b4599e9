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

    [Theory]
    [InlineData("127.0.0.2", 0x7F000002u)]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("10.200.3.40", 0x0AC80328u)]
    public void TryParseIPv4_DottedQuad_ReadsAddress(string text, uint expected)
    {
        SipEndpoint.TryParseIPv4(System.Text.Encoding.ASCII.GetBytes(text), 5070, out var endpoint).Should().BeTrue();

        endpoint.Should().Be(SipEndpoint.FromIPv4(expected, 5070));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.1")]
    [InlineData("127.0.0.256")]
    [InlineData("127.0.0.1.5")]
    [InlineData("127..0.1")]
    [InlineData(".127.0.0")]
    [InlineData("127.0.0.")]
    [InlineData("1270.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.0.0.1 ")]
    [InlineData("::1")]
    [InlineData("host.example")]
    public void TryParseIPv4_NotACanonicalDottedQuad_ReturnsFalse(string text)
    {
        SipEndpoint.TryParseIPv4(System.Text.Encoding.ASCII.GetBytes(text), 5060, out _).Should().BeFalse();
    }

    [FsCheck.Xunit.Property]
    public bool TryParseIPv4_AgreesWithIPAddress_WhereItAccepts(byte a, byte b, byte c, byte d, FsCheck.NonNegativeInt noise)
    {
        // Formats a real address, sometimes spoils it, and checks the two parsers never disagree on
        // an accepted text: what this parser accepts, IPAddress reads as the same address.
        var formatted = $"{a}.{b}.{c}.{d}";
        var text = (noise.Get % 4) switch
        {
            1 => formatted.Insert(noise.Get % formatted.Length, "0"),
            2 => formatted.Remove(noise.Get % formatted.Length, 1),
            _ => formatted,
        };

        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        if (!SipEndpoint.TryParseIPv4(bytes, 5060, out var endpoint))
        {
            return text != formatted;
        }

        return IPAddress.TryParse(bytes, out var address)
            && endpoint == SipEndpoint.FromIPEndPoint(new IPEndPoint(address, 5060));
    }
}
