using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

public sealed class FloodGuardTests
{
    private const long Frequency = 1_000;
    private static readonly FloodConfig Config = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    private static readonly SipEndpoint Flooder = SipEndpoint.FromIPv4(0x7F000005, 5060);
    private static readonly SipEndpoint Neighbour = SipEndpoint.FromIPv4(0x7F000006, 5060);

    [Fact]
    public void OverThreshold_SourceBlockedOnce_ThenIgnored()
    {
        var guard = new FloodGuard();

        Enumerable.Range(0, 3).Select(i => guard.Check(Flooder, Config, i, Frequency)).ToList().Should().AllBeEquivalentTo(FloodVerdict.Allow);
        guard.Check(Flooder, Config, 4, Frequency).Should().Be(FloodVerdict.JustBlocked);
        guard.Check(Flooder, Config, 5, Frequency).Should().Be(FloodVerdict.Blocked);
    }

    [Fact]
    public void OneSourceBlocked_AnotherSourceUnaffected()
    {
        var guard = new FloodGuard();
        for (var i = 0; i < 10; i++)
        {
            guard.Check(Flooder, Config, i, Frequency);
        }

        guard.Check(Neighbour, Config, 11, Frequency).Should().Be(FloodVerdict.Allow);
    }

    [Fact]
    public void BlockOver_SourceAllowedAgain()
    {
        var guard = new FloodGuard();
        for (var i = 0; i < 4; i++)
        {
            guard.Check(Flooder, Config, i, Frequency);
        }

        guard.Check(Flooder, Config, 3 + (10 * Frequency), Frequency).Should().Be(FloodVerdict.Allow);
    }

    [Fact]
    public void SlowSender_NewWindowEachSecond_NeverBlocked()
    {
        var guard = new FloodGuard();

        Enumerable.Range(0, 20).Select(i => guard.Check(Flooder, Config, i * Frequency / 2, Frequency)).ToList()
            .Should().AllBeEquivalentTo(FloodVerdict.Allow);
    }
}
