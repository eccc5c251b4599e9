namespace SipGuard.Proxy.Tests.Core;

/// <summary>Timer C (ring_timeout) on the wire: the call is cancelled upstream and the upstream's 487 is ACKed.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyRingTimeoutTests
{
    [Fact]
    public async Task RingTimeout_CancelsUpstream_AndThe487ToItIsAcked()
    {
        await using var h = await ProxyHarness.StartAsync(ringTimeout: TimeSpan.FromMilliseconds(300));
        h.Caller.Send(Sip.Invite("ring-1"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        h.Upstream.Send(Sip.Response(forwarded, 180, "Ringing"), ProxyHarness.ProxyEndPoint);

        var cancel = await h.Upstream.ReceiveIgnoringAsync("the CANCEL after Timer C", forwarded);
        Sip.StartLine(cancel).Should().StartWith("CANCEL ");
        Sip.StatusOf(await h.Caller.ReceiveStatusAsync(408)).Should().Be(408);

        h.Upstream.Send(Sip.Response(forwarded, 487, "Request Terminated"), ProxyHarness.ProxyEndPoint);
        var ack = await h.Upstream.ReceiveIgnoringAsync("the ACK for the 487", forwarded, cancel);

        Sip.StartLine(ack).Should().StartWith("ACK ", "RFC 3261 §17.1.1.3: a final response to an INVITE is ACKed, or the upstream retransmits it for 32 s");
        Sip.Branch(Sip.Header(ack, "Via")).Should().Be(Sip.Branch(Sip.Header(forwarded, "Via")));
    }
}
