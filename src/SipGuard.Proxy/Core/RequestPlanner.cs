using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The plan stage: decides what happens to a new request that passed the gate and admission,
/// without touching the wire. OPTIONS to the proxy itself: 200. In a dialog: <see cref="InDialogRouter"/>.
/// Initial from an upstream: its inbound route towards a trunk, unscreened. Initial INVITE or MESSAGE
/// from a trunk: <see cref="CallScreener"/>; other initial requests from a trunk go to its upstream
/// unscreened. <c>sipguard explain</c> runs this same planner.
/// </summary>
internal sealed class RequestPlanner
{
    private readonly LocalAddresses _local;
    private readonly InDialogRouter _inDialog;
    private readonly CallScreener _screener;

    public RequestPlanner(LocalAddresses local, InDialogRouter inDialog, CallScreener screener)
    {
        _local = local;
        _inDialog = inDialog;
        _screener = screener;
    }

    public RequestPlan Plan(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot, PeerKind peer)
    {
        var message = workspace.Message;
        var addressedToUs = message.TryGetRequestUri(out var requestUri) && requestUri.User.IsEmpty && _local.IsUs(message, requestUri);
        if (message.Method == SipMethod.Options && addressedToUs && !HasForeignRoute(message))
        {
            return RequestPlan.Stateless(200, "OK"u8, default); // keep-alive to the proxy itself
        }

        if (message.TryGetTo(out var to) && to.HasTag)
        {
            return _inDialog.Route(message, source, snapshot, peer);
        }

        var plan = PlanInitial(workspace, source, snapshot);
        if (plan.Kind == PlanKind.Forward)
        {
            RemoveLeadingOwnRoutes(message, ref plan);
        }

        return plan;
    }

    /// <summary>An ACK for a 2xx is a request of its own, routed like any in-dialog request (§16.11).</summary>
    public RequestPlan PlanAck(SipMessage message, in MessageSource source, ProxySnapshot snapshot, PeerKind peer) =>
        _inDialog.Route(message, source, snapshot, peer);

    /// <summary>A request outside a dialog: inbound routing for an upstream's, screening for a trunk's.</summary>
    private RequestPlan PlanInitial(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot)
    {
        var message = workspace.Message;
        var method = message.Method;
        var fromUpstream = snapshot.UpstreamAt(source.Target.Remote, source.Target.Transport);
        if (fromUpstream is not null)
        {
            return PlanInbound(message, snapshot.InboundFrom(fromUpstream), snapshot);
        }

        if (method != SipMethod.Invite && method != SipMethod.Message)
        {
            // Initial non-INVITE from a trunk (OPTIONS to a number…): forwarded unscreened; a MESSAGE's From is screened like an INVITE's.
            var trunk = snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(source.Target.Remote));
            var upstream = trunk is null ? null : snapshot.UpstreamFor(trunk);
            return upstream is null
                ? RequestPlan.Stateless(403, "Forbidden"u8, "unknown-peer"u8)
                : RequestPlan.ForwardToUpstream(upstream, trunk, recordRoute: false);
        }

        return _screener.Screen(workspace, source, snapshot);
    }

    /// <summary>A call from the upstream towards a trunk: unscreened, to the configured target or a Request-URI inside the trunk.</summary>
    private static RequestPlan PlanInbound(SipMessage message, InboundRoute? inbound, ProxySnapshot snapshot)
    {
        if (inbound is null)
        {
            return RequestPlan.Stateless(403, "Forbidden"u8, "no-inbound-route"u8);
        }

        var recordRoute = message.Method == SipMethod.Invite;
        if (!inbound.UsesRequestUri)
        {
            return RequestPlan.ForwardTo(inbound.Target, recordRoute);
        }

        if (message.TryGetRequestUri(out var uri) && NextHop.TryResolve(message, uri, out var target) &&
            ReferenceEquals(snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(target.Remote)), inbound.ToTrunk))
        {
            return RequestPlan.ForwardTo(target, recordRoute);
        }

        return RequestPlan.Stateless(403, "Forbidden"u8, "request-uri-outside-trunk"u8);
    }

    /// <summary>
    /// RFC 3261 §16.4: a Route entry naming this proxy (a caller using it as outbound proxy) is
    /// ours to consume; forwarded, it would bring the request back to us from an upstream that
    /// follows Route.
    /// </summary>
    private void RemoveLeadingOwnRoutes(SipMessage message, ref RequestPlan plan)
    {
        var routes = message.GetValues(KnownHeader.Route);
        while (routes.MoveNext() && NameAddr.TryParse(message.Span, routes.Current, out var route) && _local.IsUs(message, route.Uri))
        {
            plan.AddOwnRoute(routes.CurrentHeaderIndex, routes.Current);
        }
    }

    private bool HasForeignRoute(SipMessage message)
    {
        var routes = message.GetValues(KnownHeader.Route);
        while (routes.MoveNext())
        {
            if (!NameAddr.TryParse(message.Span, routes.Current, out var route) || !_local.IsUs(message, route.Uri))
            {
                return true;
            }
        }

        return false;
    }
}
