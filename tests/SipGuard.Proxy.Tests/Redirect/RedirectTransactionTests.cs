using SipGuard.Proxy.Tests.Core;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>
/// What a redirect server keeps of a call: only its answer, for retransmissions. A retransmitted
/// INVITE gets the same bytes without a second decision, the ACK is absorbed, a CANCEL of an
/// answered INVITE gets 200 and an unknown one 481; requests a redirect server does not take get
/// 405 with Allow, and OPTIONS keep-alives their 200.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class RedirectTransactionTests
{
    [Theory]
    [InlineData(Wire.AllowedCaller, 302)]
    [InlineData("+861066033333", 403)]
    public async Task RetransmittedInvite_GetsTheIdenticalAnswer_AndOneDecision(string from, int status)
    {
        var evidence = new RecordingObserver();
        await using var h = await RedirectWire.StartAsync(evidence);
        var invite = Wire.Invite("again-" + status, from: from);
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var first = await h.Caller.ReceiveAsync("the answer");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var second = await h.Caller.ReceiveAsync("the answer again");

        Wire.StatusOf(first).Should().Be(status);
        second.Should().Equal(first, "a retransmission is answered from the kept response");
        evidence.Records.Should().ContainSingle("the retransmission is not decided again");
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "nothing is forwarded for a retransmission either");
    }

    [Fact]
    public async Task AckForThe302_IsAbsorbed_NothingIsSent()
    {
        await using var h = await RedirectWire.StartAsync();
        var invite = Wire.Invite("ack-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var redirect = await h.Caller.ReceiveAsync("the 302");

        h.Caller.Send(Wire.SameBranch("ACK", invite, Wire.Header(redirect, "To")), ProxyHarness.ProxyEndPoint);

        // The barrier's 200 must be the caller's next datagram: the ACK drew no answer.
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "the ACK is absorbed, not routed");
    }

    [Fact]
    public async Task StrayAck_IsDropped_NotRouted()
    {
        await using var h = await RedirectWire.StartAsync();
        var invite = Wire.Invite("stray-ack", branch: "z9hG4bK-never-seen");

        h.Caller.Send(Wire.SameBranch("ACK", invite, "To: <sip:4008001234@127.0.0.1>;tag=up-1"), ProxyHarness.ProxyEndPoint);

        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "an ACK for a 2xx a redirect server never sent has nowhere to go");
    }

    [Fact]
    public async Task CancelOfAnAnsweredInvite_Gets200_AnUnknownOne481()
    {
        await using var h = await RedirectWire.StartAsync();
        var invite = Wire.Invite("cancel-1");
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        Wire.StatusOf(await h.Caller.ReceiveAsync("the 302")).Should().Be(302);

        h.Caller.Send(Wire.SameBranch("CANCEL", invite), ProxyHarness.ProxyEndPoint);
        var cancelled = await h.Caller.ReceiveAsync("the CANCEL's 200");
        h.Caller.Send(Wire.SameBranch("CANCEL", Wire.Invite("cancel-unknown", branch: "z9hG4bK-unknown")), ProxyHarness.ProxyEndPoint);
        var unknown = await h.Caller.ReceiveAsync("the unknown CANCEL's 481");

        Wire.StartLine(cancelled).Should().Be("SIP/2.0 200 OK");
        Wire.Header(cancelled, "CSeq").Should().Be("CSeq: 1 CANCEL");
        Wire.StatusOf(unknown).Should().Be(481);
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "a CANCEL has nothing to cancel upstream");
    }

    [Theory]
    [InlineData("BYE", true)]
    [InlineData("INVITE", true)]
    [InlineData("MESSAGE", false)]
    [InlineData("REGISTER", false)]
    public async Task RequestsARedirectServerDoesNotTake_Get405WithAllow(string method, bool inDialog)
    {
        await using var h = await RedirectWire.StartAsync();
        var invite = Wire.Invite("m-" + method, branch: "z9hG4bK-m-" + method);
        var request = invite
            .Replace("INVITE sip:", method + " sip:", StringComparison.Ordinal)
            .Replace("CSeq: 1 INVITE", "CSeq: 2 " + method, StringComparison.Ordinal);
        if (inDialog)
        {
            request = request.Replace("To: <sip:4008001234@127.0.0.1>", "To: <sip:4008001234@127.0.0.1>;tag=callee-1", StringComparison.Ordinal);
        }

        h.Caller.Send(request, ProxyHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveAsync("the 405");

        Wire.StartLine(answer).Should().Be("SIP/2.0 405 Method Not Allowed");
        Wire.Header(answer, "Allow").Should().Be("Allow: INVITE, ACK, CANCEL, OPTIONS");
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, $"a {method} is not forwarded by a redirect server");
    }

    [Fact]
    public async Task OptionsKeepAlive_Gets200()
    {
        await using var h = await RedirectWire.StartAsync();
        h.Caller.Send(RedirectWire.KeepAlive("keepalive-1"), ProxyHarness.ProxyEndPoint);

        Wire.StartLine(await h.Caller.ReceiveAsync("the 200")).Should().Be("SIP/2.0 200 OK");
    }
}
