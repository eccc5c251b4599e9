using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>
/// A reload must not disturb the probe of a target it keeps. The prober runs on a timing wheel over
/// a fake clock, so every probe, timeout and answer happens exactly when the test advances the clock;
/// the probes are recorded instead of sent.
/// </summary>
public sealed class UpstreamProberReloadTests : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly ProbeConfig Probe = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300), FailuresBeforeDown: 2);
    private static readonly OutboundTarget First = new(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 15381));
    private static readonly OutboundTarget Second = new(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 15382));

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));
    private readonly TimingWheel _wheel;
    private readonly RecordingTransport _transport = new();
    private readonly TargetHealthRegistry _registry = new();
    private readonly UpstreamProber _prober;

    public UpstreamProberReloadTests()
    {
        _wheel = new TimingWheel(_time, Tick);
        ListenerUri.TryParse("udp://127.0.0.1:15362", out var listener, out _).Should().BeTrue();
        _prober = new UpstreamProber(_wheel, _time, _transport, new LocalAddresses([listener]), NullLogger.Instance);
    }

    [Fact]
    public void Reload_KeepsTheProbeInFlight_SoItsAnswerCounts_AndSendsNoExtraProbe()
    {
        _prober.Update([Route(First)]);
        _time.Advance(Tick);
        _time.Advance(Probe.Timeout + Tick); // the first probe goes unanswered: one miss of two
        _time.Advance(Probe.Interval - Probe.Timeout); // a timer fires at most one tick late
        var health = _registry.For(First);
        _prober.MissesOf(health).Should().Be(1);
        _transport.Probes.Should().HaveCount(2, "the second probe is in flight");

        _prober.Update([Route(First)]); // a reload that keeps the target, as every config reload does
        _time.Advance(Tick);
        _prober.OnResponse(Branch(_transport.Probes[^1]), 200);
        _time.Advance(Probe.Timeout + Tick);

        health.IsOpen.Should().BeFalse("a target that answered its probe is not taken down by a reload (calls would get 503 upstream-down)");
        _prober.MissesOf(health).Should().Be(0, "the answer to the probe sent before the reload still counts");
        _transport.Probes.Should().HaveCount(2, "the reload sends no probe of its own ahead of the interval");
    }

    [Fact]
    public void Reload_ProbesANewTargetAtOnce_StopsProbingADroppedOne_AndNeverRepeatsABranch()
    {
        _prober.Update([Route(First)]);
        _time.Advance(Tick);

        _prober.Update([Route(Second)]);
        _time.Advance(Tick);
        _time.Advance(Probe.Interval + Tick);

        _transport.Probes.Select(p => p.Target).Should().Equal(First, Second, Second);
        _transport.Probes.Select(p => Encoding.ASCII.GetString(Branch(p))).Should().OnlyHaveUniqueItems();
        _prober.MissesOf(_registry.For(First)).Should().Be(-1, "no probe watches a target the running config dropped");
    }

    public void Dispose() => _wheel.Dispose();

    private UpstreamRoute Route(OutboundTarget target)
    {
        var route = new UpstreamRoute("callcenter", [target], [0], [1], UpstreamConfig.DefaultFailoverCodes, UpstreamConfig.DefaultTryTimeout, new BreakerConfig(2, TimeSpan.FromSeconds(60)), Probe);
        route.Bind(_registry);
        return route;
    }

    private static byte[] Branch((OutboundTarget Target, string Text) probe)
    {
        var start = probe.Text.IndexOf("branch=", StringComparison.Ordinal) + "branch=".Length;
        var end = probe.Text.IndexOf(';', start);
        return Encoding.ASCII.GetBytes(probe.Text[start..end]);
    }

    private sealed class RecordingTransport : ISipTransport
    {
        public List<(OutboundTarget Target, string Text)> Probes { get; } = [];

        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            Probes.Add((target, Encoding.ASCII.GetString(bytes)));
            return SendResult.Sent;
        }
    }
}
