using SipGuard.Admin;

namespace SipGuard.Tests.Admin;

public sealed class ReadinessTests
{
    private static readonly UpstreamStatus[] OneUp = [new("callcenter", true)];

    [Fact]
    public void Config_loaded_listeners_up_and_one_upstream_reachable_is_ready()
    {
        Readiness.Evaluate(true, true, [new("a", false), new("b", true)]).Should().Be(new Readiness(true, "ready"));
    }

    [Fact]
    public void No_config_is_not_ready_and_says_so()
    {
        Readiness.Evaluate(false, true, OneUp).Should().Be(new Readiness(false, "no config loaded"));
    }

    [Fact]
    public void Listeners_not_bound_or_draining_is_not_ready()
    {
        Readiness.Evaluate(true, false, OneUp).Should().Be(new Readiness(false, "listeners not up, or draining"));
    }

    [Fact]
    public void No_upstream_configured_is_not_ready()
    {
        Readiness.Evaluate(true, true, []).Should().Be(new Readiness(false, "no upstream configured"));
    }

    [Fact]
    public void Every_upstream_unreachable_is_not_ready()
    {
        Readiness.Evaluate(true, true, [new("a", false)]).Should().Be(new Readiness(false, "no upstream reachable"));
    }

    [Fact]
    public void Proxy_status_accepts_neither_before_start_nor_while_draining()
    {
        var status = new ProxyStatus();
        status.Accepting.Should().BeFalse();
        status.Draining();
        status.Accepting.Should().BeFalse();
    }
}
