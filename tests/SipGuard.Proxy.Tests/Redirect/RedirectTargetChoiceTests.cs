using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Proxy.Tests.Resilience;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>
/// A redirect server never tries a target, so its probes are what move the breakers: the 302 names the
/// target the proxy would have tried (the best priority whose breaker is closed), and when every
/// target is down the caller gets the proxy's fast 503.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class RedirectTargetChoiceTests
{
    // One probe each at start; a 503 answer opens the target's breaker at once (failures_before_down 1).
    private static readonly ProbeConfig OneProbe = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), 1);

    [Fact]
    public async Task TheFirstTargetsProbeAnswered503_The302NamesTheSecond()
    {
        await using var h = await FailoverHarness.StartAsync(u => u with { Probe = OneProbe }, role: ProxyRole.Redirect);
        h.First.Send(Wire.Response(await NextOptionsAsync(h.First), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(Wire.Response(await NextOptionsAsync(h.Second), 200, "OK"), FailoverHarness.ProxyEndPoint);

        h.Caller.Send(FailoverHarness.Invite("choice-1"), FailoverHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveAsync("the 302");

        Wire.StatusOf(answer).Should().Be(302);
        Wire.Header(answer, "Contact").Should().StartWith("Contact: <sip:").And.Contain("@127.0.0.1:15182>", "the first target's breaker is open");
    }

    [Fact]
    public async Task EveryTargetDown_TheCallerGets503UpstreamDown_NoContact()
    {
        await using var h = await FailoverHarness.StartAsync(u => u with { Probe = OneProbe }, role: ProxyRole.Redirect);
        h.First.Send(Wire.Response(await NextOptionsAsync(h.First), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);
        h.Second.Send(Wire.Response(await NextOptionsAsync(h.Second), 503, "Service Unavailable"), FailoverHarness.ProxyEndPoint);

        h.Caller.Send(FailoverHarness.Invite("choice-2"), FailoverHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveAsync("the 503");

        Wire.StatusOf(answer).Should().Be(503);
        Wire.Header(answer, "Warning").Should().Contain("upstream-down");
        Wire.HasHeader(answer, "Contact").Should().BeFalse();
    }

    private static async Task<byte[]> NextOptionsAsync(UdpPeer peer)
    {
        while (true)
        {
            var data = await peer.ReceiveAsync("an OPTIONS probe");
            if (Wire.StartLine(data).StartsWith("OPTIONS ", StringComparison.Ordinal))
            {
                return data;
            }
        }
    }
}
