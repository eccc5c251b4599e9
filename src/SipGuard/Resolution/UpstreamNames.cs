using SipGuard.Hosting;
using SipGuard.Proxy.Routing;

namespace SipGuard.Resolution;

/// <summary>
/// The last good answers for the config's upstream names, shared by the resolver service (which sets
/// them) and the proxy service (which rebuilds the live snapshot with them on every change and reload).
/// </summary>
internal sealed class UpstreamNames
{
    private ResolvedNames _current = ResolvedNames.None;

    /// <summary>Raised after <see cref="Current"/> changed, on the resolver's thread.</summary>
    public event Action? Changed;

    public ResolvedNames Current => Volatile.Read(ref _current);

    public void Set(ResolvedNames names)
    {
        Volatile.Write(ref _current, names);
        Changed?.Invoke();
    }

    /// <summary>
    /// <paramref name="runtime"/>'s proxy snapshot with the names' addresses as targets: the same build
    /// the compile ran, against the already compiled policy, so only the upstream targets differ.
    /// </summary>
    public static ProxySnapshot Apply(RuntimeSnapshot runtime, ResolvedNames names)
    {
        if (names.Count == 0)
        {
            return runtime.Proxy;
        }

        return ProxySnapshotBuilder.Build(runtime.Config.Proxy, runtime.Proxy.Policy, out _, names) ?? runtime.Proxy;
    }
}
