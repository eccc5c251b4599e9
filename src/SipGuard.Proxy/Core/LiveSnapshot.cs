using SipGuard.Proxy.Routing;

namespace SipGuard.Proxy.Core;

/// <summary>The snapshot in force: a request reads it once and keeps it; timers and replies read the current one.</summary>
internal sealed class LiveSnapshot
{
    private ProxySnapshot _current;

    public LiveSnapshot(ProxySnapshot initial) => _current = initial;

    public ProxySnapshot Current => Volatile.Read(ref _current);

    public void Set(ProxySnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
