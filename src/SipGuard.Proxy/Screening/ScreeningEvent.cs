using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Screening;

/// <summary>One screened INVITE: the request as received, where it came from, what was decided and answered.</summary>
/// <param name="ResponseStatus">The status SipGuard answered itself (403, 433, 608…), or 0 when the call was forwarded.</param>
/// <param name="snapshot">The compiled config that decided, so an observer can re-walk the decision (e.g. for a trace) with exactly it.</param>
public readonly ref struct ScreeningEvent(SipMessage request, SipEndpoint source, SipTransportKind transport, in Decision decision, int responseStatus, ProxySnapshot? snapshot = null)
{
    public SipMessage Request { get; } = request;

    public SipEndpoint Source { get; } = source;

    public SipTransportKind Transport { get; } = transport;

    public Decision Decision { get; } = decision;

    public int ResponseStatus { get; } = responseStatus;

    public ProxySnapshot? Snapshot { get; } = snapshot;
}
