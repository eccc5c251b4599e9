namespace SipGuard.Proxy.Configuration;

/// <summary>
/// Calls that arrive from an upstream (the call center answering or calling out) and leave through a trunk
/// (YAML <c>proxy.inbound</c> entry). A request from an upstream target's address that no route covers is
/// refused like one from a stranger: SipGuard is never an open relay.
/// </summary>
/// <param name="FromUpstream">The upstream whose targets' addresses the calls come from.</param>
/// <param name="ToTrunk">The trunk they are sent to.</param>
/// <param name="Target">Where to send them (a SIP URI); null = the Request-URI's host, only if it falls
/// inside the trunk's <c>sources</c>.</param>
public sealed record InboundRouteConfig(string FromUpstream, string ToTrunk, string? Target);
