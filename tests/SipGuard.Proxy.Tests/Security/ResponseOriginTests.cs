using SipGuard.Proxy.Security;
using SipGuard.Sip.Transports;
using static SipGuard.Proxy.Tests.Security.SecurityFixtures;

namespace SipGuard.Proxy.Tests.Security;

public sealed class ResponseOriginTests
{
    private static readonly OutboundTarget Upstream = new(SipTransportKind.Udp, V4(127, 0, 0, 1, 5080));

    [Fact]
    public void TheAddressTheRequestWentTo_IsAccepted_FromAnyPort() =>
        ResponseOrigin.IsExpected(Upstream, new OutboundTarget(SipTransportKind.Udp, V4(127, 0, 0, 1, 5090))).Should().BeTrue();

    [Fact]
    public void AnotherAddress_IsRefused() =>
        ResponseOrigin.IsExpected(Upstream, new OutboundTarget(SipTransportKind.Udp, V4(127, 0, 0, 66, 5080))).Should().BeFalse();

    [Fact]
    public void AnotherTransport_IsRefused() =>
        ResponseOrigin.IsExpected(Upstream, new OutboundTarget(SipTransportKind.Tcp, V4(127, 0, 0, 1, 5080), 4)).Should().BeFalse();

    [Fact]
    public void RequestSentDownAConnection_IsAnsweredOnlyOnThatConnection()
    {
        var sent = new OutboundTarget(SipTransportKind.Tcp, default, ConnectionId: 7);
        ResponseOrigin.IsExpected(sent, new OutboundTarget(SipTransportKind.Tcp, V4(127, 0, 0, 2, 40001), 7)).Should().BeTrue();
        ResponseOrigin.IsExpected(sent, new OutboundTarget(SipTransportKind.Tcp, V4(127, 0, 0, 2, 40001), 8)).Should().BeFalse();
    }
}
