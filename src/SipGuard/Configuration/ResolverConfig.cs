using System.Net;

namespace SipGuard.Configuration;

/// <summary>
/// How upstream targets written as DNS names are looked up (YAML <c>resolver</c>; docs/dns.md).
/// </summary>
/// <param name="Servers">YAML <c>resolver.servers</c>: the DNS servers to ask, in order; empty = the system's (/etc/resolv.conf).</param>
/// <param name="Timeout">YAML <c>resolver.timeout</c>: how long one query waits for an answer from a server.</param>
public sealed record ResolverConfig(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public static ResolverConfig System { get; } = new([], DefaultTimeout);
}
