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

    /// <summary>True when <paramref name="source"/> is exactly one of the targets (address and port).</summary>
    /// <remarks>Over TCP this is a connection we opened to the target, whose remote end is its listening port.</remarks>
    public bool HasTargetAt(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var target in Targets)
        {
            if (target.Transport == transport && target.Remote == source)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="source"/> has a target's address on any port (a TCP connection the target opened to us).</summary>
    public bool HasTargetAddress(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var target in Targets)
        {
            if (target.Transport == transport && SameAddress(target.Remote, source))
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
