using SipGuard.Proxy.Resilience;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

public sealed class TargetHealthTests
{
    private const long OpenFor = 1_000;

    private static TargetHealth NewHealth() => new(new OutboundTarget(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 5080)));

    [Fact]
    public void Failures_BelowThreshold_KeepTheBreakerClosed()
    {
        var health = NewHealth();

        health.Failed(now: 10, failuresBeforeOpen: 3, OpenFor).Should().BeFalse();
        health.Failed(now: 11, failuresBeforeOpen: 3, OpenFor).Should().BeFalse();

        health.IsOpen.Should().BeFalse();
        health.TryAdmit(12, OpenFor).Should().BeTrue();
    }

    [Fact]
    public void ThresholdReached_OpensTheBreaker_AndCallsAreRefusedUntilTheOpenPeriodEnds()
    {
        var health = NewHealth();
        health.Failed(10, 2, OpenFor);

        health.Failed(20, 2, OpenFor).Should().BeTrue("the second failure in a row opens it");

        health.IsOpen.Should().BeTrue();
        health.IsAvailable(500).Should().BeFalse();
        health.TryAdmit(500, OpenFor).Should().BeFalse();
    }

    [Fact]
    public void OpenPeriodOver_AdmitsExactlyOneTrialCall()
    {
        var health = NewHealth();
        health.Failed(0, 1, OpenFor);

        health.TryAdmit(OpenFor, OpenFor).Should().BeTrue("the half-open trial");
        health.TryAdmit(OpenFor, OpenFor).Should().BeFalse("only one call tries a half-open target");
        health.TryAdmit((2 * OpenFor) + 1, OpenFor).Should().BeTrue("the next period brings the next trial");
    }

    [Fact]
    public void SuccessfulTrial_ClosesTheBreakerAndForgetsPastFailures()
    {
        var health = NewHealth();
        health.Failed(0, 2, OpenFor);
        health.Failed(0, 2, OpenFor);

        health.Succeeded().Should().BeTrue();

        health.IsOpen.Should().BeFalse();
        health.Failed(5, 2, OpenFor).Should().BeFalse("the count restarted");
    }

    [Fact]
    public void FailedTrial_WaitsThePeriodItsAdmissionSet_AndDoesNotPushItOut()
    {
        var health = NewHealth();
        health.Failed(0, 1, OpenFor);
        health.TryAdmit(OpenFor, OpenFor).Should().BeTrue();

        health.Failed(OpenFor + 5, 1, OpenFor).Should().BeFalse("it was open already");

        health.IsAvailable((2 * OpenFor) - 1).Should().BeFalse();
        health.IsAvailable(2 * OpenFor).Should().BeTrue("the failure while open did not extend the period");
    }

    [Fact]
    public void FailuresWhileOpen_DoNotExtendTheOpenPeriod()
    {
        var health = NewHealth();
        health.Failed(0, 1, OpenFor).Should().BeTrue();

        // Late failures of calls sent before it opened keep arriving.
        for (var t = 1; t < OpenFor; t += 100)
        {
            health.Failed(t, 1, OpenFor).Should().BeFalse();
        }

        health.IsAvailable(OpenFor).Should().BeTrue();
    }

    [Fact]
    public void ProbesDown_ForceOpen_OpensOnlyOnce()
    {
        var health = NewHealth();

        health.ForceOpen(0, OpenFor).Should().BeTrue();
        health.ForceOpen(1, OpenFor).Should().BeFalse();
        health.IsOpen.Should().BeTrue();
    }
}
