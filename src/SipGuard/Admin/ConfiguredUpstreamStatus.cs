using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Admin;

/// <summary>
/// Upstream status until probing exists: an upstream counts as reachable when it is configured and our
/// transports are started (we can send to it). Replace through <see cref="IUpstreamStatusSource"/>.
/// </summary>
internal sealed class ConfiguredUpstreamStatus(ConfigStore<RuntimeSnapshot> store, ProxyStatus proxy) : IUpstreamStatusSource
{
    public IReadOnlyList<UpstreamStatus> Current()
    {
        var up = proxy.ListenersUp;
        return store.Current.Config.Proxy.Upstreams.Select(u => new UpstreamStatus(u.Id, up)).ToArray();
    }
}
