using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

public sealed class UpstreamRouteSelectTests
{
    private const long OpenFor = 1_000;

    private static OutboundTarget Target(int port) => new(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, port));

    private static UpstreamRoute Route(int[] priorities, int[] weights)
    {
        var targets = priorities.Select((_, i) => Target(5080 + i)).ToArray();
        var route = new UpstreamRoute("cc", targets, priorities, weights, UpstreamConfig.DefaultFailoverCodes, TimeSpan.FromSeconds(2), BreakerConfig.Default, null);
        route.Bind(new TargetHealthRegistry());
        return route;
    }

    [Fact]
    public void AllHealthy_BestPriorityAlwaysChosen()
    {
        var route = Route([0, 1], [1, 1]);

        Enumerable.Range(0, 10).Select(spin => route.Select(0, 0, OpenFor, (uint)spin)).Should().AllBeEquivalentTo(0);
    }

    [Fact]
    public void SamePriority_SharedByWeight()
    {
        var route = Route([0, 0], [3, 1]);

        var picks = Enumerable.Range(0, 400).Select(spin => route.Select(0, 0, OpenFor, (uint)spin)).ToList();

        picks.Count(p => p == 0).Should().Be(300);
        picks.Count(p => p == 1).Should().Be(100);
    }

    [Fact]
    public void PrimaryTried_FailoverGoesToTheNextPriority()
    {
        var route = Route([0, 1, 2], [1, 1, 1]);

        route.Select(tried: 0b001, 0, OpenFor, 0).Should().Be(1);
        route.Select(tried: 0b011, 0, OpenFor, 0).Should().Be(2);
        route.Select(tried: 0b111, 0, OpenFor, 0).Should().Be(-1, "every target was tried");
    }

    [Fact]
    public void PrimaryBreakerOpen_CallsGoToTheSecondTarget()
    {
        var route = Route([0, 1], [1, 1]);
        route.Health[0].Failed(0, 1, OpenFor);

        route.Select(0, 10, OpenFor, 0).Should().Be(1);
    }

    [Fact]
    public void EveryBreakerOpen_NothingToSelect()
    {
        var route = Route([0, 1], [1, 1]);
        route.Health[0].Failed(0, 1, OpenFor);
        route.Health[1].Failed(0, 1, OpenFor);

        route.Select(0, 10, OpenFor, 0).Should().Be(-1);
    }

    [Fact]
    public void RebindingToTheSameRegistry_SharesHealthAcrossSnapshots()
    {
        var registry = new TargetHealthRegistry();
        var targets = new[] { Target(5080) };
        var before = new UpstreamRoute("cc", targets);
        var after = new UpstreamRoute("cc", targets);

        before.Bind(registry);
        after.Bind(registry);

        after.Health[0].Should().BeSameAs(before.Health[0], "a reload keeps the breaker of a target it keeps");
    }
}
