using SipGuard.Policy;
using SipGuard.Proxy.Tests.Core;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>
/// <c>role: redirect</c> on real UDP sockets: every policy outcome is answered by SipGuard itself
/// (302 naming the upstream target, or the rejection with its Warning), the gate refuses what it
/// refuses in proxy mode, each decision is recorded, and the upstream never hears a thing.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class RedirectOutcomeTests
{
    [Fact]
    public async Task AllowedCall_Gets302_WithAContactAtTheUpstreamTarget_AndNothingGoesUpstream()
    {
        var evidence = new RecordingObserver();
        await using var h = await RedirectWire.StartAsync(evidence);
        h.Caller.Send(Wire.Invite("allow-1"), ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync("the 302");

        Wire.StartLine(answer).Should().Be("SIP/2.0 302 Moved Temporarily");
        Wire.Header(answer, "Contact").Should().Be("Contact: <sip:4008001234@127.0.0.1:15080>;sipguard-verdict=allow");
        Wire.Header(answer, "To").Should().Contain(";tag=sg");
        Wire.Header(answer, "Call-ID").Should().Be("Call-ID: allow-1");
        Wire.HasHeader(answer, "X-SipGuard-Warning").Should().BeFalse();
        var record = evidence.Records.Should().ContainSingle().Which;
        (record.CallId, record.Outcome, record.Response).Should().Be(("allow-1", DecisionOutcome.Allow, 302), "the record says the call was answered 302, not forwarded");
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "a redirect server forwards nothing");
    }

    [Fact]
    public async Task TaggedCall_Gets302_WithTheTagVerdictAndTheLabelHeader()
    {
        var evidence = new RecordingObserver();
        await using var h = await RedirectWire.StartAsync(evidence);
        h.Caller.Send(Wire.Invite("tag-1", from: RedirectWire.Grey), ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync("the 302");

        Wire.StatusOf(answer).Should().Be(302);
        Wire.Header(answer, "Contact").Should().Be("Contact: <sip:4008001234@127.0.0.1:15080>;sipguard-verdict=tag");
        Wire.Header(answer, "X-SipGuard-Warning").Should().Be("X-SipGuard-Warning: suspected fraud");
        evidence.Records.Should().ContainSingle(r => r.CallId == "tag-1" && r.Outcome == DecisionOutcome.Tag && r.Response == 302);
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "a tagged call is redirected, not forwarded");
    }

    [Theory]
    [InlineData("+861066033333", null, 403, "caller-not-allowed")]
    [InlineData(Wire.AllowedCaller, "Privacy: id", 433, null)]
    [InlineData(ProxyHarness.Blacklisted, null, 608, null)]
    public async Task RejectedCall_GetsThePolicyStatusAndRuleWarning_AsInProxyMode(string from, string? header, int status, string? rule)
    {
        var evidence = new RecordingObserver();
        await using var h = await RedirectWire.StartAsync(evidence);
        h.Caller.Send(Wire.Invite("reject-" + status, from: from, extraHeader: header), ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync($"the {status}");

        Wire.StatusOf(answer).Should().Be(status);
        Wire.HasHeader(answer, "Contact").Should().BeFalse("a rejection names no target");
        var record = evidence.Records.Should().ContainSingle().Which;
        record.Outcome.Should().Be(DecisionOutcome.Reject);
        record.Response.Should().Be(status);
        Wire.Header(answer, "Warning").Should().Be($"Warning: 399 sipguard \"{rule ?? record.Rule}\"");
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "a rejected call goes nowhere");
    }

    [Fact]
    public async Task InvalidInvite_GetsTheGatesRefusal_AndNoDecision()
    {
        var evidence = new RecordingObserver();
        await using var h = await RedirectWire.StartAsync(evidence);
        var invite = Wire.Invite("invalid-1").Replace("CSeq: 1 INVITE", "CSeq: 1 BYE", StringComparison.Ordinal);
        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync("the 400");

        Wire.StatusOf(answer).Should().Be(400);
        Wire.Header(answer, "Warning").Should().Be("Warning: 399 sipguard \"CSeq Method Mismatch: CSeq\"");
        evidence.Records.Should().BeEmpty("the gate refuses before the policy is asked");
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "an invalid INVITE goes nowhere");
    }

    [Fact]
    public async Task UnknownSource_Gets403_AsInProxyMode()
    {
        await using var h = await RedirectWire.StartAsync();
        h.Stranger.Send(Wire.Invite("stranger-r", sentBy: "127.0.0.9:15071", branch: "z9hG4bK-sr"), ProxyHarness.ProxyEndPoint);

        Wire.StatusOf(await h.Stranger.ReceiveAsync("the 403")).Should().Be(403);
        await RedirectWire.ExpectNothingSentUpstreamAsync(h, "no redirect for strangers either");
    }

    [Fact]
    public async Task TrunkRateLimit_RefusesTheSecondCall_AsInProxyMode()
    {
        await using var h = await RedirectWire.StartAsync(proxyChange: c => c with
        {
            Limits = c.Limits with { Trunks = [new Configuration.TrunkLimitConfig("acme-line-1", 1, 0, 486)] },
        });
        h.Caller.Send(Wire.Invite("rate-1", branch: "z9hG4bK-rate1"), ProxyHarness.ProxyEndPoint);
        Wire.StatusOf(await h.Caller.ReceiveAsync("the first call's 302")).Should().Be(302);

        h.Caller.Send(Wire.Invite("rate-2", branch: "z9hG4bK-rate2"), ProxyHarness.ProxyEndPoint);
        var refused = await h.Caller.ReceiveAsync("the second call's refusal");

        Wire.StatusOf(refused).Should().Be(486);
        Wire.Header(refused, "Warning").Should().Be("Warning: 399 sipguard \"trunk-calls-per-second\"");
    }

    [Fact]
    public async Task TheContactNamesTheTargetAdmissionChooses_ByPriority_WithItsTransport()
    {
        await using var h = await RedirectWire.StartAsync(proxyChange: c => c with
        {
            Upstreams =
            [
                new Configuration.UpstreamConfig(
                    "callcenter",
                    [
                        new Configuration.UpstreamTargetConfig("sip:127.0.0.1:15081;transport=tcp", SipGuard.Sip.Transports.SipTransportKind.Tcp, "127.0.0.1", 15081, 1, 1),
                        new Configuration.UpstreamTargetConfig("sip:127.0.0.1:15080", SipGuard.Sip.Transports.SipTransportKind.Udp, "127.0.0.1", 15080, 5, 1),
                    ],
                    Configuration.UpstreamConfig.DefaultFailoverCodes,
                    null),
            ],
        });
        h.Caller.Send(Wire.Invite("prio-1"), ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync("the 302");

        Wire.Header(answer, "Contact").Should().Be("Contact: <sip:4008001234@127.0.0.1:15081;transport=tcp>;sipguard-verdict=allow", "priority 1 is tried before priority 5");
    }
}
