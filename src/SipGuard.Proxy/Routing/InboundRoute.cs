using SipGuard.Policy;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>Calls the upstream starts towards a trunk (YAML <c>proxy.inbound</c>): forwarded unscreened to the trunk's peer.</summary>
internal sealed record InboundRoute(UpstreamRoute From, TrunkSnapshot ToTrunk, OutboundTarget Target);
