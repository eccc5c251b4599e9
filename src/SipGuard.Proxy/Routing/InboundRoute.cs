using SipGuard.Policy;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// Calls the upstream starts towards a trunk (YAML <c>proxy.inbound</c>): forwarded unscreened to the
/// trunk's peer, at <see cref="Target"/> or, when none is configured, at the Request-URI if it lies
/// inside the trunk's sources.
/// </summary>
internal sealed record InboundRoute(UpstreamRoute From, TrunkSnapshot ToTrunk, OutboundTarget Target)
{
    public bool UsesRequestUri => Target.Remote.IsEmpty;
}
