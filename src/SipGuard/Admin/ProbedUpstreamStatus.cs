using SipGuard.Hosting;
using SipGuard.Proxy.Resilience;
using SipGuard.Reload;

namespace SipGuard.Admin;

/// <summary>
/// Upstream status from the running proxy's breakers and probes: an upstream is reachable while the listeners
/// are up and at least one of its targets has a closed breaker (probes that go unanswered open it).
/// Before the proxy runs, every configured upstream is unreachable.
/// </summary>
internal sealed class ProbedUpstreamStatus(ConfigStore<RuntimeSnapshot> store, ProxyStatus proxy) : IUpstreamStatusSource
{
    public IReadOnlyList<UpstreamStatus> Current()
    {
        if (!proxy.ListenersUp || proxy.Health is not { } health)
        {
            return store.Current.Config.Proxy.Upstreams.Select(u => new UpstreamStatus(u.Id, false)).ToArray();
        }

        return health.Current().Select(u => new UpstreamStatus(u.Id, u.Reachable)).ToArray();
    }

    public IReadOnlyList<UpstreamHealthReport> Details() => proxy.Health?.Current() ?? [];
}
