using Microsoft.Extensions.Time.Testing;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>Failover answers (503, 408) open a breaker only as a rate: 50 % of at least 20 answers within 10 s by default.</summary>
public sealed class BreakerAnswerRateTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TargetHealth _health = new(new OutboundTarget(SipTransportKind.Udp, SipEndpoint.FromIPv4(0x7F000001, 5080)));
    private readonly BreakerConfig _breaker = BreakerConfig.Default;

    private BreakerChange Answer(bool failed) => _health.Answered(_time.GetTimestamp(), failed, _breaker, _time.TimestampFrequency);

    private long Now => _time.GetTimestamp();

    [Fact]
    public void Defaults_AreHalfOfTwentyAnswersInTenSeconds()
    {
        _breaker.FailureRate.Should().Be(0.5);
        _breaker.MinAnswers.Should().Be(20);
        _breaker.Window.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void OneLinesCallsAnswered503_InARow_DoNotOpenTheSharedBreaker()
    {
        // The failure that opened the breaker for every line: three 503s to one line's calls.
        for (var i = 0; i < 3; i++)
        {
            Answer(failed: true).Should().Be(BreakerChange.None);
        }

        _health.IsOpen.Should().BeFalse();
        _health.TryAdmit(Now, 1).Should().BeTrue("the other lines' calls still go");
    }

    [Fact]
    public void OneLineRefused_WhileTheOthersAreAnswered_StaysClosed()
    {
        // 40 % of all answers are one line's 503s, over 100 answers: under the 50 % rate.
        for (var i = 0; i < 100; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Answer(failed: i % 5 < 2).Should().Be(BreakerChange.None);
        }

        _health.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void HalfOfTwentyAnswersFailed_OpensTheBreaker()
    {
        for (var i = 0; i < 10; i++)
        {
            Answer(failed: false);
        }

        for (var i = 0; i < 9; i++)
        {
            Answer(failed: true).Should().Be(BreakerChange.None, "{0} answers are not enough to judge", 11 + i);
        }

        Answer(failed: true).Should().Be(BreakerChange.Opened);
        _health.IsAvailable(Now).Should().BeFalse();
    }

    [Fact]
    public void FailuresOlderThanTheWindow_AreForgotten()
    {
        for (var i = 0; i < 15; i++)
        {
            Answer(failed: true);
        }

        _time.Advance(TimeSpan.FromSeconds(11));

        for (var i = 0; i < 5; i++)
        {
            Answer(failed: true).Should().Be(BreakerChange.None, "the first fifteen left the window");
        }

        _health.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void FailedAnswersWhileOpen_DoNotExtendTheOpenPeriod()
    {
        for (var i = 0; i < 20; i++)
        {
            Answer(failed: true);
        }

        _health.IsOpen.Should().BeTrue();
        var reopensAt = Now + (long)(_breaker.OpenFor.TotalSeconds * _time.TimestampFrequency);
        for (var i = 0; i < 50; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            Answer(failed: true).Should().Be(BreakerChange.None);
        }

        _health.IsAvailable(reopensAt - 1).Should().BeFalse();
        _health.IsAvailable(reopensAt).Should().BeTrue();
    }

    [Fact]
    public void SuccessfulAnswer_ClosesAnOpenBreaker_AndTheRateStartsAfresh()
    {
        for (var i = 0; i < 20; i++)
        {
            Answer(failed: true);
        }

        _time.Advance(_breaker.OpenFor);
        _health.TryAdmit(Now, 1).Should().BeTrue("the half-open trial");

        Answer(failed: false).Should().Be(BreakerChange.Closed);
        Answer(failed: true).Should().Be(BreakerChange.None, "the failures before it opened were forgotten");
        _health.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void AnAnswer_RestartsTheTransportFailureCount()
    {
        _health.Failed(Now, failuresBeforeOpen: 3, openFor: 1).Should().BeFalse();
        _health.Failed(Now, failuresBeforeOpen: 3, openFor: 1).Should().BeFalse();

        Answer(failed: true);

        _health.Failed(Now, failuresBeforeOpen: 3, openFor: 1).Should().BeFalse("the 503 proved the target reachable");
        _health.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void ConfiguredRate_IsTheOneApplied()
    {
        var strict = BreakerConfig.Default with { FailureRate = 0.2, MinAnswers = 5 };
        for (var i = 0; i < 4; i++)
        {
            _health.Answered(Now, failed: false, strict, _time.TimestampFrequency);
        }

        _health.Answered(Now, failed: true, strict, _time.TimestampFrequency).Should().Be(BreakerChange.Opened, "1 of 5 is 20 %");
    }
}
