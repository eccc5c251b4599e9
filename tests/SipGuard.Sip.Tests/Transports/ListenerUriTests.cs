using System.Net;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

public sealed class ListenerUriTests
{
    [Theory]
    [InlineData("udp://127.0.0.1:5060", SipTransportKind.Udp, "127.0.0.1", 5060)]
    [InlineData("TCP://127.0.0.2:0", SipTransportKind.Tcp, "127.0.0.2", 0)]
    [InlineData("tcp://[::1]:5070", SipTransportKind.Tcp, "::1", 5070)]
    [InlineData("udp://10.0.0.1", SipTransportKind.Udp, "10.0.0.1", 5060)]
    public void TryParse_ValidListener_ReturnsTransportAddressAndPort(string text, SipTransportKind kind, string address, int port)
    {
        ListenerUri.TryParse(text, out var uri, out var error).Should().BeTrue(error);

        uri.Should().Be(new ListenerUri(kind, IPAddress.Parse(address), port));
    }

    [Theory]
    [InlineData("sctp://127.0.0.1:5060", "udp://")]
    [InlineData("udp://localhost:5060", "IP address")]
    [InlineData("udp://127.0.0.1:70000", "port")]
    [InlineData("udp://127.0.0.1:", "port")]
    [InlineData("tcp://[::1:5060", "]")]
    [InlineData("", "udp://")]
    public void TryParse_InvalidListener_ReturnsErrorSayingWhatWasExpected(string text, string expected)
    {
        ListenerUri.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain(expected);
    }
}
