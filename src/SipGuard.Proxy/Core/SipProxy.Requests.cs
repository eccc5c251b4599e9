using System.Diagnostics;
using SipGuard.Policy;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

public sealed partial class SipProxy
{
    private const int KeyCapacity = 1024;

    private void OnRequest(ProxyWorkspace workspace, in Source source)
    {
        var message = workspace.Message;
        if (!message.TryGetTopVia(out var via))
        {
            return; // nowhere to answer (RFC 3261 §18.2.2 needs the Via)
        }

        var snapshot = Snapshot;
        if (IsFlooding(message, source, snapshot))
        {
            return; // a flooding source gets no answer: answering would amplify the flood
        }

        // Strangers are answered before anything else looks at the request: no transaction, no
        // breaker or quota, no routing; whatever dialog, branch or Route they name.
        var peer = PeerClassifier.Classify(snapshot, source.Target, out var fromTrunk);
        if (peer == PeerKind.Stranger)
        {
            _metrics.RequestRefused("stranger");
            if (message.Method != SipMethod.Ack)
            {
                SendLocalReply(workspace, source.Target, 403, "Forbidden"u8, "unknown-peer"u8, retryAfter: false);
            }

            return;
        }

        switch (message.Method)
        {
            case SipMethod.Ack:
                OnAck(workspace, source, via, peer);
                return;
            case SipMethod.Cancel:
                OnCancel(workspace, source, via);
                return;
        }

        Span<byte> key = stackalloc byte[KeyCapacity];
        var isInvite = message.Method == SipMethod.Invite;
        key = key[..TransactionKey.Write(message, via, isInvite, key)];
        var hash = TransactionKey.Hash(key);
        if (_table.FindOrCreate(hash, key, create: false, out var existing) == ServerLookup.Found)
        {
            RetransmitLastResponse(existing!);
            return;
        }

        var plan = Plan(workspace, source, snapshot, peer);
        if (plan.Kind == PlanKind.ReplyStateless)
        {
            SendLocalReply(workspace, source.Target, plan.Status, plan.Reason, plan.Warning, plan.RetryAfter);
            return;
        }

        TrunkAdmission? admission = null;
        if (plan.Kind == PlanKind.Forward && plan.Upstream is not null && !Admit(workspace, source, snapshot, ref plan, out admission))
        {
            return;
        }

        // One line may hold only its quota of the table (limits.max_transactions_per_trunk), so a
        // flood on one trunk cannot take the slots the others need.
        TrunkAdmission? quota = null;
        if (fromTrunk is not null && snapshot.Admission.Transactions.For(fromTrunk.Id) is var trunkQuota and > 0)
        {
            quota = _admissions.For(fromTrunk.Id);
            if (!quota.TryEnterTransaction(trunkQuota))
            {
                admission?.Exit();
                ProxyTracing.End(plan.Span, 503);
                _metrics.Overload("trunk-transactions");
                SendLocalReply(workspace, source.Target, 503, "Service Unavailable"u8, "trunk-transactions"u8, retryAfter: true);
                return;
            }
        }

        var lookup = _table.FindOrCreate(hash, key, create: true, out var transaction);
        if (lookup != ServerLookup.Created)
        {
            quota?.ExitTransaction();
        }

        if (lookup == ServerLookup.Found)
        {
            admission?.Exit();
            ProxyTracing.End(plan.Span, 0); // a copy on another thread won the race; its span tells the story
            RetransmitLastResponse(transaction!);
            return;
        }

        if (lookup == ServerLookup.Full)
        {
            admission?.Exit();
            ProxyTracing.End(plan.Span, 503);
            Log.TableFull(_logger, _table.Capacity);
            _metrics.Overload("transactions");
            SendLocalReply(workspace, source.Target, 503, "Service Unavailable"u8, "overload"u8, retryAfter: true);
            return;
        }

        lock (transaction!)
        {
            transaction.IsInvite = isInvite;
            transaction.QuotaHolder = quota;
            transaction.Nonce = BranchSeal.NewNonce();
            transaction.ReplyTarget = source.Target;
            transaction.Request.CopyFrom(message.Span);
            transaction.Span = plan.Span;
            switch (plan.Kind)
            {
                case PlanKind.ReplyStateful:
                    RespondFinal(workspace, workspace.Message, transaction, snapshot, plan.Status, plan.Reason, plan.Warning);
                    break;
                case PlanKind.Reject:
                    RespondReject(workspace, transaction, snapshot, plan.Decision);
                    break;
                default:
                    transaction.Route = plan.Upstream;
                    transaction.TargetIndex = plan.TargetIndex;
                    transaction.Tried = plan.Upstream is null ? 0 : 1UL << plan.TargetIndex;
                    transaction.Admission = admission;
                    Forward(workspace, transaction, snapshot, source, plan);
                    break;
            }

            ReleaseAdmission(transaction);
        }
    }

    /// <summary>Decides what happens to a new request that passed the gate (routing, screening), without side effects on the wire.</summary>
    private RequestPlan Plan(ProxyWorkspace workspace, in Source source, ProxySnapshot snapshot, PeerKind peer)
    {
        var message = workspace.Message;
        var method = message.Method;
        var addressedToUs = message.TryGetRequestUri(out var requestUri) && requestUri.User.IsEmpty && _local.IsUs(message, requestUri);
        if (method == SipMethod.Options && addressedToUs && !HasForeignRoute(message))
        {
            return RequestPlan.Stateless(200, "OK"u8, default); // keep-alive to the proxy itself
        }

        var inDialog = message.TryGetTo(out var to) && to.HasTag;
        if (inDialog)
        {
            return RouteInDialog(workspace, source, snapshot, peer);
        }

        var plan = PlanInitial(workspace, source, snapshot);
        if (plan.Kind == PlanKind.Forward)
        {
            RemoveLeadingOwnRoutes(message, ref plan);
        }

        return plan;
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

    /// <summary>A request outside a dialog: the drain and backlog guards, then inbound routing or screening.</summary>
    private RequestPlan PlanInitial(ProxyWorkspace workspace, in Source source, ProxySnapshot snapshot)
    {
        var message = workspace.Message;
        var method = message.Method;

        if (_draining && method == SipMethod.Invite)
        {
            _metrics.Overload("draining");
            return RequestPlan.Stateless(503, "Service Unavailable"u8, "draining"u8, retryAfter: true);
        }

        if (source.Backlogged && method == SipMethod.Invite)
        {
            // Behind on the receive queue: refusing new calls cheaply lets in-progress ones (their
            // ACKs, BYEs, responses) through before the kernel starts dropping datagrams at random.
            _metrics.Overload("receive-backlog");
            return RequestPlan.Stateless(503, "Service Unavailable"u8, "overload"u8, retryAfter: true);
        }

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

        return Screen(workspace, source, snapshot);
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

    private RequestPlan Screen(ProxyWorkspace workspace, in Source source, ProxySnapshot snapshot)
    {
        if (!CallAttemptFactory.TryCreate(workspace, source.Target.Remote, source.Target.Transport, source.Target.ListenerId, out var attempt))
        {
            return RequestPlan.Stateless(400, "Bad Identity Header"u8, "bad-identity-header"u8);
        }

        var started = Stopwatch.GetTimestamp();
        var decision = snapshot.Policy.Decide(attempt);
        var span = _metrics.Call(decision, started);

        if (decision.Outcome == DecisionOutcome.Reject)
        {
            _observer.OnScreened(new ScreeningEvent(workspace.Message, source.Target.Remote, source.Target.Transport, decision, decision.Status, snapshot));
            var rejected = RequestPlan.Reject(decision);
            rejected.Span = span;
            return rejected;
        }

        if (!_observer.OnScreened(new ScreeningEvent(workspace.Message, source.Target.Remote, source.Target.Transport, decision, 0, snapshot)) &&
            decision.Outcome != DecisionOutcome.Allow)
        {
            // Fail closed (either evidence.on_overflow): a flagged call whose record cannot be kept is not let through unrecorded.
            _metrics.Overload("evidence");
            var unrecorded = RequestPlan.Stateful(503, "Service Unavailable"u8, "evidence-unavailable"u8);
            unrecorded.Span = span;
            return unrecorded;
        }

        var upstream = decision.Trunk is null ? null : snapshot.UpstreamFor(decision.Trunk);
        if (upstream is null)
        {
            var unrouted = RequestPlan.Stateful(503, "Service Unavailable"u8, "no-upstream"u8);
            unrouted.Span = span;
            return unrouted;
        }

        var plan = RequestPlan.ForwardToUpstream(upstream, decision.Trunk, recordRoute: workspace.Message.Method == SipMethod.Invite);
        plan.Tag = decision.Outcome == DecisionOutcome.Tag ? decision.Tag : null;
        plan.Decision = decision; // the identity editor asserts the verified number
        plan.Span = span;
        return plan;
    }

    /// <summary>
    /// In-dialog requests follow the route set our Record-Route built (RFC 3261 §16.4 loose routing),
    /// and only for a dialog SipGuard established: one of our Route entries must carry a dialog
    /// token that verifies for this Call-ID, these tags and this sender (<see cref="DialogGuard"/>);
    /// else 481, whatever the rest of the request says. Our own Route entries are removed, and the
    /// next hop (next Route, else the Request-URI) must be the dialog's other peer and a configured
    /// one. A flow token issued for that peer sends the request back down its TCP connection. A
    /// trunk's in-dialog request loses its asserted identities (<see cref="InDialogIdentity"/>).
    /// </summary>
    private RequestPlan RouteInDialog(ProxyWorkspace workspace, in Source source, ProxySnapshot snapshot, PeerKind peer)
    {
        var message = workspace.Message;
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
            plan.Target = new OutboundTarget(SipTransportKind.Tcp, default, plan.FlowConnection);
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

    private void OnAck(ProxyWorkspace workspace, in Source source, in ViaValue via, PeerKind peer)
    {
        var message = workspace.Message;
        Span<byte> key = stackalloc byte[KeyCapacity];
        key = key[..TransactionKey.Write(message, via, inviteClass: true, key)];
        if (_table.FindOrCreate(TransactionKey.Hash(key), key, create: false, out var transaction) == ServerLookup.Found)
        {
            lock (transaction!)
            {
                if (transaction.Server is ServerState.Completed or ServerState.Confirmed)
                {
                    AbsorbAck(transaction);
                    return;
                }
            }
        }

        // An ACK for a 2xx is its own transaction: relayed statelessly along the route set (§16.11).
        var plan = RouteInDialog(workspace, source, Snapshot, peer);
        if (plan.Kind == PlanKind.Forward)
        {
            ForwardStateless(workspace, plan);
        }
    }

    private void OnCancel(ProxyWorkspace workspace, in Source source, in ViaValue via)
    {
        var message = workspace.Message;
        Span<byte> key = stackalloc byte[KeyCapacity];
        key = key[..TransactionKey.Write(message, via, inviteClass: true, key)];
        if (_table.FindOrCreate(TransactionKey.Hash(key), key, create: false, out var transaction) != ServerLookup.Found)
        {
            SendLocalReply(workspace, source.Target, 481, "Call/Transaction Does Not Exist"u8, default, retryAfter: false);
            return;
        }

        // The key is the INVITE's Via, which anyone who saw it can copy: only the peer the INVITE
        // came from may cancel it (same transport and address; the port may differ over TCP).
        var caller = new DialogPeer(transaction!.ReplyTarget.Transport, transaction.ReplyTarget.Remote);
        if (!caller.Matches(source.Target.Transport, source.Target.Remote))
        {
            _metrics.RequestRefused("foreign-cancel");
            SendLocalReply(workspace, source.Target, 481, "Call/Transaction Does Not Exist"u8, default, retryAfter: false);
            return;
        }

        SendLocalReply(workspace, source.Target, 200, "OK"u8, default, retryAfter: false);
        lock (transaction)
        {
            if (transaction.Server != ServerState.Proceeding || transaction.CancelSent)
            {
                return;
            }

            switch (transaction.Client)
            {
                case ClientState.Proceeding:
                    SendCancelUpstream(workspace, transaction);
                    break;
                case ClientState.Calling:
                    transaction.CancelPending = true; // §9.1: wait for a provisional before cancelling
                    break;
            }
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
