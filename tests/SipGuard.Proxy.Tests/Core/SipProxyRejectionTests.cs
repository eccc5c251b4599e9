namespace SipGuard.Proxy.Tests.Core;

/// <summary>INVITEs the proxy must answer itself over loopback UDP; none of them may reach the upstream.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyRejectionTests
{
    [Fact]
    public async Task SpoofedCaller_Gets403WithRuleWarningAndToTag_NothingForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("spoof-1", from: "+861066033333"), ProxyHarness.ProxyEndPoint);

        var final = await h.Caller.ReceiveStatusAsync(403);

        Sip.StatusOf(final).Should().Be(403);
        Sip.Header(final, "Warning").Should().Be("Warning: 399 sipguard \"caller-not-allowed\"");
        Sip.Header(final, "To").Should().Contain(";tag=");
        Sip.Header(final, "Call-ID").Should().Be("Call-ID: spoof-1");
        await h.ExpectNothingForwardedBeforeNextCallAsync("a spoofed caller is rejected, not forwarded");
    }

    [Fact]
    public async Task PrivacyId_Gets433_NothingForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("privacy-1", extraHeader: "Privacy: id"), ProxyHarness.ProxyEndPoint);

        Sip.StatusOf(await h.Caller.ReceiveStatusAsync(433)).Should().Be(433);
        await h.ExpectNothingForwardedBeforeNextCallAsync("a withheld caller is rejected");
    }

    [Fact]
    public async Task BlacklistedCaller_Gets608_NothingForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("black-1", from: ProxyHarness.Blacklisted), ProxyHarness.ProxyEndPoint);

        Sip.StatusOf(await h.Caller.ReceiveStatusAsync(608)).Should().Be(608);
        await h.ExpectNothingForwardedBeforeNextCallAsync("a blacklisted caller is rejected");
    }

    [Fact]
    public async Task MaxForwardsZero_Gets483_NothingForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("mf-1", maxForwards: 0), ProxyHarness.ProxyEndPoint);

        Sip.StatusOf(await h.Caller.ReceiveStatusAsync(483)).Should().Be(483);
        await h.ExpectNothingForwardedBeforeNextCallAsync("a request out of hops is not forwarded");
    }

    [Fact]
    public async Task UnknownSource_Gets403_NothingForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Stranger.Send(Sip.Invite("stranger-1", sentBy: "127.0.0.9:15071", branch: "z9hG4bK-s1"), ProxyHarness.ProxyEndPoint);

        var final = await h.Stranger.ReceiveStatusAsync(403);

        Sip.StatusOf(final).Should().Be(403);
        await h.ExpectNothingForwardedBeforeNextCallAsync("no open relay for strangers");
    }

    [Fact]
    public async Task BadContentLength_Gets400OrIsDropped_AndTheNextInviteIsForwarded()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("bad-1", branch: "z9hG4bK-bad", contentLength: "9999"), ProxyHarness.ProxyEndPoint);

        // Dropped or answered 400: either way the barrier call must be the upstream's next datagram,
        // and the caller's first answer, if it is for the bad request, must be 400.
        await h.ExpectNothingForwardedBeforeNextCallAsync("a malformed INVITE is never forwarded");
        var first = await h.Caller.ReceiveAsync("a 400 or the barrier call's 100");
        if (Sip.Header(first, "Call-ID") == "Call-ID: bad-1")
        {
            Sip.StatusOf(first).Should().Be(400);
        }
    }
}
