using SipGuard.Proxy.Core;
using SipGuard.Proxy.Resilience;
using SipGuard.Sip.Transports;

namespace SipGuard.Admin;

/// <summary>
/// What the running proxy service publishes for health and metrics: its transport set once every listener
/// is bound, and null again once they are stopped. Written by <c>ProxyService</c>, read by the admin server.
/// </summary>
internal sealed class ProxyStatus
{
    private SipTransportSet? _transports;
    private UpstreamHealthView? _health;
    private SipProxy? _proxy;
    private volatile bool _draining;

    /// <summary>The bound transports, or null before start-up finished and after stop.</summary>
    public SipTransportSet? Transports => Volatile.Read(ref _transports);

    /// <summary>The running proxy's breakers and probes, or null before start-up.</summary>
    public UpstreamHealthView? Health => Volatile.Read(ref _health);

    /// <summary>The running proxy's limit counters (a cluster shares them), or null before start-up.</summary>
    public AdmissionRegistry? Admissions => Volatile.Read(ref _proxy)?.Admissions;

    /// <summary>The running proxy's flood blocks (a cluster shares them), or null before start-up.</summary>
    public FloodBlocks? FloodBlocks => Volatile.Read(ref _proxy)?.FloodBlocks;

    /// <summary>Raised once the proxy runs (the cluster then hooks its flood blocks).</summary>
    public event Action? ProxyStarted;

    /// <summary>The snapshot the running proxy serves: bound to its breakers, with the addresses its upstream names resolved to; null before start-up.</summary>
    public Proxy.Routing.ProxySnapshot? Snapshot => Volatile.Read(ref _proxy)?.Snapshot;

    public bool ListenersUp => Transports is not null;

    /// <summary>Listeners up and not draining: what <c>/readyz</c> wants, so a load balancer stops sending before shutdown.</summary>
    public bool Accepting => ListenersUp && !_draining;

    public void Started(SipTransportSet transports, SipProxy proxy)
    {
        Volatile.Write(ref _health, proxy.UpstreamHealth);
        Volatile.Write(ref _proxy, proxy);
        Volatile.Write(ref _transports, transports);
        ProxyStarted?.Invoke();
    }

    public void Draining() => _draining = true;

    public void Stopped() => Volatile.Write(ref _transports, null);
}
