using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>Serial failover, breakers and admission limits through the real proxy over loopback UDP.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyFailoverTests
{
    [Fact]
    public async Task FirstTargetAnswers503_CallMovesToSecondOnANewBranch_CallerNeverSeesThe503()
    {
        await using var h = await FailoverHarness.StartAsync();
        var invite = FailoverHarness.Invite("fo-1");

        h.Caller.Send(invite, FailoverHarness.ProxyEndPoint);
        var toFirst = await FailoverHarness.NextInviteAsync(h.First, "fo-1");
        h.First.Send(SipText.Response(toFirst, 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        var ack = await h.First.ReceiveAsync("the ACK for the 503");
        var toSecond = await FailoverHarness.NextInviteAsync(h.Second, "fo-1");
        h.Second.Send(SipText.Response(toSecond, 200, "OK"), FailoverHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(200);

        SipText.StartLine(ack).Should().StartWith("ACK ");
        SipText.Branch(SipText.Header(ack, "Via")).Should().Be(SipText.Branch(SipText.Header(toFirst, "Via")), "the ACK closes the first branch");
        SipText.Branch(SipText.Header(toSecond, "Via")).Should().NotBe(SipText.Branch(SipText.Header(toFirst, "Via")), "each try is a new branch (§16.6)");
        SipText.WithoutFirst(SipText.Text(toSecond), "Via", "Record-Route").Should().Be(SipText.WithoutFirst(SipText.Text(toFirst), "Via", "Record-Route"), "the same request goes to the next target");
        var first = SipText.Header(toFirst, "Record-Route");
        var second = SipText.Header(toSecond, "Record-Route");
        second.Should().NotBe(first, "the dialog token now names the second target");
        second.Length.Should().Be(first.Length, "the token is rewritten in place");
        second[..second.IndexOf(";sgd=", StringComparison.Ordinal)].Should().Be(first[..first.IndexOf(";sgd=", StringComparison.Ordinal)]);
        SipText.StatusOf(answer).Should().Be(200);
    }

    [Fact]
    public async Task LateAnswerFromTheAbandonedBranch_IsNotRelayed()
    {
        await using var h = await FailoverHarness.StartAsync();
        h.Caller.Send(FailoverHarness.Invite("fo-late"), FailoverHarness.ProxyEndPoint);
        var toFirst = await FailoverHarness.NextInviteAsync(h.First, "fo-late");
        h.First.Send(SipText.Response(toFirst, 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        var toSecond = await FailoverHarness.NextInviteAsync(h.Second, "fo-late");

        h.First.Send(SipText.Response(toFirst, 200, "OK", toTag: "stale"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(SipText.Response(toSecond, 486, "Busy Here"), FailoverHarness.ProxyEndPoint);
        var final = await h.Caller.ReceiveStatusAsync(486);

        SipText.StatusOf(final).Should().Be(486, "the first final response the caller sees is the second target's");
    }

    [Fact]
    public async Task SilentFirstTarget_AfterTheTryTimeout_CallGoesToTheSecond()
    {
        await using var h = await FailoverHarness.StartAsync(u => u with { TryTimeout = TimeSpan.FromMilliseconds(200) });

        h.Caller.Send(FailoverHarness.Invite("fo-silent"), FailoverHarness.ProxyEndPoint);
        await FailoverHarness.NextInviteAsync(h.First, "fo-silent");
        var toSecond = await FailoverHarness.NextInviteAsync(h.Second, "fo-silent");
        h.Second.Send(SipText.Response(toSecond, 200, "OK"), FailoverHarness.ProxyEndPoint);

        SipText.StatusOf(await h.Caller.ReceiveStatusAsync(200)).Should().Be(200);
    }

    [Fact]
    public async Task FirstBreakerOpen_NextCallGoesStraightToTheSecond()
    {
        await using var h = await FailoverHarness.StartAsync();
        h.Caller.Send(FailoverHarness.Invite("br-1"), FailoverHarness.ProxyEndPoint);
        var toFirst = await FailoverHarness.NextInviteAsync(h.First, "br-1");
        h.First.Send(SipText.Response(toFirst, 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(SipText.Response(await FailoverHarness.NextInviteAsync(h.Second, "br-1"), 200, "OK"), FailoverHarness.ProxyEndPoint);
        await h.Caller.ReceiveStatusAsync(200);

        h.Caller.Send(FailoverHarness.Invite("br-2"), FailoverHarness.ProxyEndPoint);
        var second = await FailoverHarness.NextInviteAsync(h.Second, "br-2");

        SipText.Header(second, "Call-ID").Should().Be("Call-ID: br-2");
        h.Time.Advance(TimeSpan.FromSeconds(31));
        h.Caller.Send(FailoverHarness.Invite("br-3"), FailoverHarness.ProxyEndPoint);
        var trial = await FailoverHarness.NextInviteAsync(h.First, "br-3");
        SipText.Header(trial, "Call-ID").Should().Be("Call-ID: br-3", "after open_for one call tries the first target again, and br-2 never went there");
    }

    [Fact]
    public async Task ThreeCallsAnswered503_DoNotOpenTheBreaker_UnderTheAnswerRateMinimum()
    {
        await using var h = await FailoverHarness.StartAsync(secondTarget: false);
        for (var i = 0; i < 3; i++)
        {
            h.Caller.Send(FailoverHarness.Invite($"rate-{i}"), FailoverHarness.ProxyEndPoint);
            h.First.Send(SipText.Response(await FailoverHarness.NextInviteAsync(h.First, $"rate-{i}"), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
            SipText.StatusOf(await h.Caller.ReceiveStatusAsync(503)).Should().Be(503);
        }

        h.Caller.Send(FailoverHarness.Invite("rate-next"), FailoverHarness.ProxyEndPoint);
        var next = await FailoverHarness.NextInviteAsync(h.First, "rate-next");

        SipText.Header(next, "Call-ID").Should().Be("Call-ID: rate-next", "3 answers are under min_answers (20): failover answers are a rate, not failures in a row");
    }

    [Fact]
    public async Task EveryTargetDown_NewCallGets503WithRetryAfterAtOnce()
    {
        // One failover answer is a 100 % failure rate once min_answers is 1.
        await using var h = await FailoverHarness.StartAsync(u => u with { Breaker = u.Breaker with { MinAnswers = 1 } });
        h.Caller.Send(FailoverHarness.Invite("down-1"), FailoverHarness.ProxyEndPoint);
        h.First.Send(SipText.Response(await FailoverHarness.NextInviteAsync(h.First, "down-1"), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(SipText.Response(await FailoverHarness.NextInviteAsync(h.Second, "down-1"), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        SipText.StatusOf(await h.Caller.ReceiveStatusAsync(503)).Should().Be(503, "no target left: the last answer is relayed");

        h.Caller.Send(FailoverHarness.Invite("down-2"), FailoverHarness.ProxyEndPoint);
        var fast = await h.Caller.ReceiveStatusAsync(503);

        SipText.Header(fast, "Call-ID").Should().Be("Call-ID: down-2");
        SipText.HasHeader(fast, "Retry-After").Should().BeTrue();
        SipText.Header(fast, "Warning").Should().Contain("upstream-down");
    }

    [Fact]
    public async Task TrunkOverConcurrentCalls_GetsTheConfiguredResponse_OtherTrunkUnaffected()
    {
        var limits = LimitsConfig.Default with { Trunks = [new TrunkLimitConfig("acme", 0, 1, 486)] };
        await using var h = await FailoverHarness.StartAsync(limits: limits);
        h.Caller.Send(FailoverHarness.Invite("cc-1"), FailoverHarness.ProxyEndPoint);
        await FailoverHarness.NextInviteAsync(h.First, "cc-1");

        h.Caller.Send(FailoverHarness.Invite("cc-2"), FailoverHarness.ProxyEndPoint);
        var refused = await h.Caller.ReceiveStatusAsync(486);
        h.OtherCaller.Send(FailoverHarness.Invite("cc-3", sentBy: "127.0.0.4:15172"), FailoverHarness.ProxyEndPoint);
        var other = await FailoverHarness.NextInviteAsync(h.First, "cc-3");

        SipText.Header(refused, "Call-ID").Should().Be("Call-ID: cc-2");
        SipText.Header(refused, "Warning").Should().Contain("trunk-concurrent-calls");
        SipText.Header(other, "Call-ID").Should().Be("Call-ID: cc-3");
    }

    [Fact]
    public async Task TrunkOverItsTransactionQuota_Gets503_OtherTrunkUnaffected()
    {
        var limits = LimitsConfig.Default with { MaxTransactionsPerTrunk = 2 };
        await using var h = await FailoverHarness.StartAsync(limits: limits);
        for (var i = 0; i < 2; i++)
        {
            h.Caller.Send(FailoverHarness.Invite($"q-{i}"), FailoverHarness.ProxyEndPoint);
            await FailoverHarness.NextInviteAsync(h.First, $"q-{i}");
        }

        h.Caller.Send(FailoverHarness.Invite("q-2"), FailoverHarness.ProxyEndPoint);
        var refused = await h.Caller.ReceiveStatusAsync(503);
        h.OtherCaller.Send(FailoverHarness.Invite("q-other", sentBy: "127.0.0.4:15172"), FailoverHarness.ProxyEndPoint);
        var other = await FailoverHarness.NextInviteAsync(h.First, "q-other");

        SipText.Header(refused, "Call-ID").Should().Be("Call-ID: q-2");
        SipText.Header(refused, "Warning").Should().Contain("trunk-transactions");
        SipText.HasHeader(refused, "Retry-After").Should().BeTrue();
        SipText.Header(other, "Call-ID").Should().Be("Call-ID: q-other", "the other line has its own quota");
    }

    [Fact]
    public async Task FloodingSource_IsIgnored_WhileAnotherTrunksCallsGoThrough()
    {
        var limits = LimitsConfig.Default with { Flood = new FloodConfig(3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)) };
        await using var h = await FailoverHarness.StartAsync(limits: limits);
        for (var i = 0; i < 6; i++)
        {
            h.Caller.Send(FailoverHarness.Invite($"flood-{i}"), FailoverHarness.ProxyEndPoint);
        }

        h.OtherCaller.Send(FailoverHarness.Invite("calm-1", sentBy: "127.0.0.4:15172"), FailoverHarness.ProxyEndPoint);
        var seen = new List<string>();
        while (true)
        {
            var data = await h.First.ReceiveAsync("INVITEs up to the calm trunk's");
            var callId = SipText.Header(data, "Call-ID")["Call-ID: ".Length..];
            if (!seen.Contains(callId))
            {
                seen.Add(callId);
            }

            if (callId == "calm-1")
            {
                break;
            }
        }

        seen.Should().Equal("flood-0", "flood-1", "flood-2", "calm-1");
    }

    [Fact]
    public async Task OpenBreaker_ProbeAnswered_NextCallGoesBackToTheFirstTarget()
    {
        await using var h = await FailoverHarness.StartAsync(u => u with { Probe = new ProbeConfig(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 3) });
        h.Caller.Send(FailoverHarness.Invite("pr-1"), FailoverHarness.ProxyEndPoint);
        var toFirst = await FailoverHarness.NextInviteAsync(h.First, "pr-1");
        h.First.Send(SipText.Response(toFirst, 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(SipText.Response(await FailoverHarness.NextInviteAsync(h.Second, "pr-1"), 200, "OK"), FailoverHarness.ProxyEndPoint);
        await h.Caller.ReceiveStatusAsync(200);

        var probe = await NextOptionsAsync(h.First);
        h.First.Send(SipText.Response(probe, 200, "OK"), FailoverHarness.ProxyEndPoint);
        h.Caller.Send(FailoverHarness.Invite("pr-2"), FailoverHarness.ProxyEndPoint);
        var back = await FailoverHarness.NextInviteAsync(h.First, "pr-2");

        SipText.Branch(SipText.Header(probe, "Via")).Should().StartWith("z9hG4bK-sp", "probe branches are recognisable");
        SipText.Header(back, "Call-ID").Should().Be("Call-ID: pr-2", "the answered probe closed the breaker before open_for ran out");
    }

    private static async Task<byte[]> NextOptionsAsync(UdpPeer peer)
    {
        while (true)
        {
            var data = await peer.ReceiveAsync("an OPTIONS probe");
            if (SipText.StartLine(data).StartsWith("OPTIONS ", StringComparison.Ordinal))
            {
                return data;
            }
        }
    }
}
