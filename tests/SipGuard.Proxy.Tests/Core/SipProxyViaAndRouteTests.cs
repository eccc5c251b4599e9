namespace SipGuard.Proxy.Tests.Core;

/// <summary>What SipGuard does to the Route and Via headers of an initial request and of its own replies, on the wire.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyViaAndRouteTests
{
    [Fact]
    public async Task CallerUsingUsAsOutboundProxy_OurRouteEntryIsRemoved_TheOthersStay()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("route-1", extraHeader: "Route: <sip:127.0.0.1:15060;lr>\r\nRoute: <sip:10.9.9.9;lr>");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = Sip.Text(await h.Upstream.ReceiveAsync("the forwarded INVITE"));

        Sip.Lines(forwarded).Where(l => Sip.IsHeader(l, "Route")).Should().Equal(
            ["Route: <sip:10.9.9.9;lr>"], "RFC 3261 §16.4: the entry naming this proxy is consumed, not forwarded");
    }

    [Fact]
    public async Task LocalReply_ToACallerWhoseSentByDiffers_StampsReceivedAndRportOnTheTopVia()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("local-1", from: "+861066033333", sentBy: "10.1.2.3:5060;rport"), ProxyHarness.ProxyEndPoint);

        var refused = await h.Caller.ReceiveStatusAsync(403);

        Sip.Header(refused, "Via").Should().Be("Via: SIP/2.0/UDP 10.1.2.3:5060;rport=15070;branch=z9hG4bK-c1;received=127.0.0.2");
    }

    [Fact]
    public async Task LocalReply_SentByDiffersWithoutRport_GetsReceivedOnly()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("local-2", from: "+861066033333", sentBy: "10.1.2.3:5060"), ProxyHarness.ProxyEndPoint);

        Sip.Header(await h.Caller.ReceiveAsync("100 Trying or the 403"), "Via")
            .Should().Be("Via: SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bK-c1;received=127.0.0.2");
    }

    [Fact]
    public async Task ForwardedVia_WithRportAndAMatchingSentBy_GetsReceivedToo()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("rport-1", sentBy: "127.0.0.2:15070;rport"), ProxyHarness.ProxyEndPoint);

        var forwarded = Sip.Text(await h.Upstream.ReceiveAsync("the forwarded INVITE"));

        Sip.Lines(forwarded).Where(l => l.StartsWith("Via:", StringComparison.Ordinal)).ElementAt(1)
            .Should().Be("Via: SIP/2.0/UDP 127.0.0.2:15070;rport=15070;branch=z9hG4bK-c1;received=127.0.0.2", "RFC 3581 §4: received is added whenever rport is");
    }
}
