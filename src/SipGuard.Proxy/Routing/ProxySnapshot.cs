using System.Text;
using SipGuard.Policy;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// Everything a request is routed and screened with, compiled from one config: the policy, where
/// each trunk's calls go, which peers exist. Immutable; the host swaps a new one in on reload and a
/// request reads the current one once, so a call in flight keeps the snapshot it started with.
/// </summary>
public sealed class ProxySnapshot
{
    private readonly Dictionary<TrunkSnapshot, UpstreamRoute> _trunkUpstreams;
    private readonly UpstreamRoute[] _upstreams;
    private readonly InboundRoute[] _inbound;

    internal ProxySnapshot(
        PolicySnapshot policy,
        Dictionary<TrunkSnapshot, UpstreamRoute> trunkUpstreams,
        UpstreamRoute[] upstreams,
        InboundRoute[] inbound,
        ProxyBehaviour behaviour)
    {
        Policy = policy;
        _trunkUpstreams = trunkUpstreams;
        _upstreams = upstreams;
        _inbound = inbound;
        Behaviour = behaviour;
    }

    public PolicySnapshot Policy { get; }

    internal ProxyBehaviour Behaviour { get; }

    /// <summary>What the identity editor needs: SipGuard's own header names, Server, untrusted upstreams.</summary>
    internal Identity.IdentitySettings Identity { get; init; } = Proxy.Identity.IdentitySettings.Default;

    internal TimerSettings Timers => Behaviour.Timers;

    /// <summary>Overload rules: per-trunk limits, the global call rate, flood detection.</summary>
    internal AdmissionSettings Admission { get; init; } = AdmissionSettings.None;

    internal IReadOnlyList<UpstreamRoute> Upstreams => _upstreams;

    /// <summary>The config's listeners: what <c>sipguard explain</c> takes for "us" (loop check, own Route entries) without a running proxy.</summary>
    internal IReadOnlyList<ListenerUri> Listeners { get; init; } = [];

    /// <summary>The trunks that take requests only from a verified TLS certificate carrying one of their names.</summary>
    internal TrunkCertificateNames TrunkTlsNames { get; init; } = TrunkCertificateNames.None;

    /// <summary>The upstream an accepted call from <paramref name="trunk"/> goes to.</summary>
    internal UpstreamRoute? UpstreamFor(TrunkSnapshot trunk) =>
        _trunkUpstreams.TryGetValue(trunk, out var route) ? route : null;

    /// <summary>
    /// The upstream <paramref name="source"/> is a target of, if any (calls towards the trunks come
    /// from there). An exact address and port match wins; a TCP connection the target opened to us
    /// (ephemeral port; TCP or TLS) matches by address, unless a trunk claims that address: on a box where a
    /// trunk and an upstream share an address, a stranger's port must not turn a trunk call into an
    /// unscreened upstream call.
    /// </summary>
    internal UpstreamRoute? UpstreamAt(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var upstream in _upstreams)
        {
            if (upstream.HasTargetAt(source, transport))
            {
                return upstream;
            }
        }

        if (transport == SipTransportKind.Udp || Policy.FindTrunk(ToSourceEndpoint(source)) is not null)
        {
            return null;
        }

        foreach (var upstream in _upstreams)
        {
            if (upstream.HasTargetAddress(source, transport))
            {
                return upstream;
            }
        }

        return null;
    }

    /// <summary>Where an initial request from <paramref name="upstream"/> towards a trunk goes, when the config routes them.</summary>
    internal InboundRoute? InboundFrom(UpstreamRoute upstream)
    {
        foreach (var route in _inbound)
        {
            if (ReferenceEquals(route.From, upstream))
            {
                return route;
            }
        }

        return null;
    }

    /// <summary>
    /// A configured peer: an upstream target or an address inside a trunk's sources. In-dialog
    /// requests are only ever sent to these (no open relay).
    /// </summary>
    internal bool IsKnownPeer(SipEndpoint endpoint, SipTransportKind transport) =>
        UpstreamAt(endpoint, transport) is not null || Policy.FindTrunk(ToSourceEndpoint(endpoint)) is not null;

    internal static SourceEndpoint ToSourceEndpoint(SipEndpoint endpoint)
    {
        Span<byte> address = stackalloc byte[16];
        var length = endpoint.WriteAddressBytes(address);
        return SourceEndpoint.FromBytes(address[..length], endpoint.Port);
    }
}
