using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>A configured upstream (YAML <c>upstreams.&lt;id&gt;</c>) with its targets resolved to endpoints, best first.</summary>
internal sealed class UpstreamRoute
{
    public UpstreamRoute(string id, OutboundTarget[] targets)
    {
        Id = id;
        Targets = targets;
    }

    public string Id { get; }

    public OutboundTarget[] Targets { get; }

    public OutboundTarget Primary => Targets[0];

    /// <summary>
    /// True when <paramref name="source"/> is one of the targets. Over UDP the port must match (a
    /// peer sends from its listening port); over TCP the peer's port is ephemeral, so the address decides.
    /// </summary>
    public bool HasTargetAt(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var target in Targets)
        {
            if (target.Transport != transport)
            {
                continue;
            }

            if (transport == SipTransportKind.Udp ? target.Remote == source : SameAddress(target.Remote, source))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameAddress(SipEndpoint a, SipEndpoint b)
    {
        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        var n = a.WriteAddressBytes(left);
        var m = b.WriteAddressBytes(right);
        return left[..n].SequenceEqual(right[..m]);
    }
}
