using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// In-dialog requests follow the route set our Record-Route built (RFC 3261 §16.4 loose routing),
/// and only for a dialog SipGuard established: one of our Route entries must carry a dialog
/// token that verifies for this Call-ID, these tags and this sender (<see cref="DialogGuard"/>);
/// else 481, whatever the rest of the request says. Our own Route entries are removed, and the
/// next hop (next Route, else the Request-URI) must be the dialog's other peer and a configured
/// one. A flow token issued for that peer sends the request back down its TCP connection. A
/// trunk's in-dialog request loses its asserted identities (<see cref="InDialogIdentity"/>).
/// </summary>
internal sealed class InDialogRouter
{
    private readonly LocalAddresses _local;
    private readonly DialogGuard _dialogs;
    private readonly ProxyMetrics _metrics;

    public InDialogRouter(LocalAddresses local, DialogGuard dialogs, ProxyMetrics metrics)
    {
        _local = local;
        _dialogs = dialogs;
        _metrics = metrics;
    }

    public RequestPlan Route(SipMessage message, in MessageSource source, ProxySnapshot snapshot, PeerKind peer)
    {
        var plan = RequestPlan.ForwardTo(default, recordRoute: false);
        var routes = message.GetValues(KnownHeader.Route);
        var nextHopFromRoute = false;
        var side = DialogSide.None;
        DialogPeer destination = default;
        SipUri next = default;
        while (routes.MoveNext())
        {
            if (!NameAddr.TryParse(message.Span, routes.Current, out var route))
            {
                return RequestPlan.Stateless(400, "Bad Route"u8, "bad-route"u8);
            }

            if (!_local.IsUs(message, route.Uri))
            {
                next = route.Uri;
                nextHopFromRoute = true;
                break;
            }

            plan.AddOwnRoute(routes.CurrentHeaderIndex, routes.Current);
            if (side == DialogSide.None)
            {
                side = _dialogs.Verify(message, route.Uri, source.Target.Transport, source.Target.Remote, out destination);
                if (side != DialogSide.None)
                {
                    plan.FlowConnection = _dialogs.FlowConnection(message, route.Uri, destination);
                }
            }
        }

        if (side == DialogSide.None)
        {
            _metrics.RequestRefused("unknown-dialog");
            return RequestPlan.Stateless(481, "Call/Transaction Does Not Exist"u8, "unknown-dialog"u8);
        }

        plan.StripAssertedIdentity = peer == PeerKind.Trunk;
        if (plan.FlowConnection != 0)
        {
            // The connection decides where it goes; the peer's address gives our Via its family.
            plan.Target = new OutboundTarget(destination.Transport, destination.Endpoint, plan.FlowConnection);
            return plan;
        }

        if (!nextHopFromRoute && !message.TryGetRequestUri(out next))
        {
            return RequestPlan.Stateless(416, "Unsupported URI Scheme"u8, "bad-request-uri"u8);
        }

        if (!NextHop.TryResolve(message, next, out var target))
        {
            return RequestPlan.Stateless(404, "Not Found"u8, "next-hop-not-an-address"u8);
        }

        if (!destination.MatchesHost(target.Transport, target.Remote) || !snapshot.IsKnownPeer(target.Remote, target.Transport))
        {
            return RequestPlan.Stateless(403, "Forbidden"u8, "unknown-next-hop"u8);
        }

        plan.Target = target;
        return plan;
    }
}
