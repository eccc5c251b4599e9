using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>What every call does for resilience (choose a target, admit it, count its source) allocates nothing.</summary>
public sealed class CallPathAllocationTests
{
    [Fact]
    public void TargetChoiceAdmissionAndFloodCount_AllocateNothingPerCall()
    {
        var targets = new[] { new OutboundTarget(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 5080)), new OutboundTarget(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 5081)) };
        var route = new UpstreamRoute("cc", targets, [0, 0], [1, 1], UpstreamConfig.DefaultFailoverCodes, TimeSpan.FromSeconds(2), BreakerConfig.Default, null);
        route.Bind(new TargetHealthRegistry());
        var limit = new TrunkLimit("t", 1_000_000, 1_000_000, 503);
        var admission = new TrunkAdmission();
        var flood = new FloodGuard();
        var floodConfig = new FloodConfig(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var source = SipEndpoint.FromIPv4(0x7F000002, 5060);
        Run(100); // first use: lazy initialisation happens here

        // The fewest bytes any round allocated: a per-call allocation shows in every round, the
        // runtime's one-off work on this thread (a method moving up a JIT tier) in one at most.
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(2_000);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);

        void Run(int calls)
        {
            for (var i = 0; i < calls; i++)
            {
                route.Select(0, i, 1_000, (uint)i);
                if (admission.TryEnter(limit, i, 1_000) == AdmissionResult.AdmittedCounted)
                {
                    admission.Exit();
                }

                flood.Check(source, floodConfig, i, 1_000);
                route.Health[i & 1].Succeeded();
            }
        }
    }
}
