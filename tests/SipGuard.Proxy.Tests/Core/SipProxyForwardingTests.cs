namespace SipGuard.Proxy.Tests.Core;

/// <summary>An allowed call through the real proxy over loopback UDP: what goes up and what comes back.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyForwardingTests
{
    [Fact]
    public async Task AllowedInvite_IsForwardedChangedOnlyInViaRecordRouteAndMaxForwards()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("fwd-1");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = Sip.Text(await h.Upstream.ReceiveAsync("the forwarded INVITE"));

        Sip.StartLine(System.Text.Encoding.ASCII.GetBytes(forwarded)).Should().StartWith("INVITE ");
        var ourVia = Sip.Header(forwarded, "Via");
        ourVia.Should().NotBe(Sip.Header(invite, "Via"), "the proxy puts its own Via on top");
        Sip.Header(forwarded, "Record-Route").Should().Contain("lr");
        Sip.Header(forwarded, "Max-Forwards").Should().Be("Max-Forwards: 69");
        Sip.WithoutFirst(forwarded, "Via", "Record-Route", "Max-Forwards")
            .Should().Be(Sip.WithoutFirst(invite, "Max-Forwards"), "every other byte goes out unchanged");
    }

    [Fact]
    public async Task CallerBehindNat_ItsViaGetsReceivedAndTheRportValue_SoTheRelayedResponseCarriesThem()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("nat-1", sentBy: "10.1.2.3:5060;rport");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = Sip.Text(await h.Upstream.ReceiveAsync("the forwarded INVITE"));

        var callerVia = Sip.Lines(forwarded).Where(l => l.StartsWith("Via:", StringComparison.Ordinal)).ElementAt(1);
        callerVia.Should().Be("Via: SIP/2.0/UDP 10.1.2.3:5060;rport=15070;branch=z9hG4bK-c1;received=127.0.0.2",
            "RFC 3581: rport gets the source port; RFC 3261 §18.2.1: received the source address");
    }

    [Fact]
    public async Task AllowedInvite_CallerGets100TryingFirst()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("trying-1");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var first = await h.Caller.ReceiveAsync("100 Trying");

        Sip.StatusOf(first).Should().Be(100);
        Sip.Header(first, "Via").Should().Be(Sip.Header(invite, "Via"));
        Sip.Header(first, "Call-ID").Should().Be("Call-ID: trying-1");
        Sip.HasHeader(first, "Record-Route").Should().BeFalse();
    }

    [Fact]
    public async Task RingingAndOk_FromUpstream_AreRelayedWithOnlyOurViaRemoved()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("relay-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        Sip.StatusOf(await h.Caller.ReceiveAsync("100 Trying")).Should().Be(100);

        var ringing = Sip.Response(forwarded, 180, "Ringing");
        h.Upstream.Send(ringing, ProxyHarness.ProxyEndPoint);
        var relayedRinging = Sip.Text(await h.Caller.ReceiveStatusAsync(180));

        var ok = Sip.Response(forwarded, 200, "OK");
        h.Upstream.Send(ok, ProxyHarness.ProxyEndPoint);
        var relayedOk = Sip.Text(await h.Caller.ReceiveStatusAsync(200));

        relayedRinging.Should().Be(Sip.WithoutFirst(ringing, "Via"));
        relayedOk.Should().Be(Sip.WithoutFirst(ok, "Via"));
    }

    [Fact]
    public async Task RetransmittedInvite_IsAbsorbed_CallerGets100AgainAndUpstreamSeesOnlyOurOwnCopy()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("retrans-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        Sip.StatusOf(await h.Caller.ReceiveAsync("100 Trying")).Should().Be(100);

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var again = await h.Caller.ReceiveAsync("100 Trying for the retransmission");

        Sip.StatusOf(again).Should().Be(100);
        Sip.Header(again, "Via").Should().Be(Sip.Header(invite, "Via"));
        // Our Timer A may resend the very same bytes; anything else first means the retransmission leaked.
        await h.ExpectNothingForwardedBeforeNextCallAsync("the caller's retransmission is the proxy's to absorb", forwarded);
    }

    [Fact]
    public async Task BusyFromUpstream_IsRelayedAndAckedHopByHop_CallerAckIsAbsorbed()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("busy-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        var ourBranch = Sip.Branch(Sip.Header(forwarded, "Via"));

        var busy = Sip.Response(forwarded, 486, "Busy Here");
        h.Upstream.Send(busy, ProxyHarness.ProxyEndPoint);
        var ack = await h.Upstream.ReceiveIgnoringAsync("the proxy's ACK for the 486", forwarded);
        var relayed = await h.Caller.ReceiveStatusAsync(486);

        Sip.StartLine(ack).Should().StartWith("ACK ");
        Sip.Branch(Sip.Header(ack, "Via")).Should().Be(ourBranch, "a non-2xx ACK belongs to the INVITE's client transaction");
        Sip.Header(ack, "CSeq").Should().Be("CSeq: 1 ACK");
        Sip.Header(ack, "To").Should().Contain("tag=up-1");
        Sip.Text(relayed).Should().Be(Sip.WithoutFirst(busy, "Via"));

        h.Caller.Send(Sip.SameBranch("ACK", invite, Sip.Header(relayed, "To")), ProxyHarness.ProxyEndPoint);
        await h.ExpectNothingForwardedBeforeNextCallAsync("the caller's ACK for a non-2xx ends at the proxy", forwarded, ack);
    }

    [Fact]
    public async Task CancelAfterRinging_Gets200_AndCancelReachesUpstream()
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Sip.Invite("cancel-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        h.Upstream.Send(Sip.Response(forwarded, 180, "Ringing"), ProxyHarness.ProxyEndPoint);
        Sip.StatusOf(await h.Caller.ReceiveStatusAsync(180)).Should().Be(180);

        h.Caller.Send(Sip.SameBranch("CANCEL", invite), ProxyHarness.ProxyEndPoint);
        var cancelOk = await h.Caller.ReceiveStatusAsync(200);
        var cancel = await h.Upstream.ReceiveIgnoringAsync("the proxy's CANCEL", forwarded);

        Sip.StatusOf(cancelOk).Should().Be(200);
        Sip.Header(cancelOk, "CSeq").Should().Be("CSeq: 1 CANCEL");
        Sip.StartLine(cancel).Should().StartWith("CANCEL ");
        Sip.Branch(Sip.Header(cancel, "Via")).Should().Be(Sip.Branch(Sip.Header(forwarded, "Via")));
        Sip.Header(cancel, "CSeq").Should().Be("CSeq: 1 CANCEL");
    }

    [Fact]
    public async Task SilentUpstream_CallerGets408()
    {
        await using var h = await ProxyHarness.StartAsync(inviteTimeout: TimeSpan.FromSeconds(1));
        var invite = Sip.Invite("silent-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        await h.Upstream.ReceiveAsync("the forwarded INVITE");

        var final = await h.Caller.ReceiveStatusAsync(408);

        Sip.StatusOf(final).Should().Be(408);
        Sip.Header(final, "Call-ID").Should().Be("Call-ID: silent-1");
        Sip.Header(final, "To").Should().Contain("tag=");
    }
}
