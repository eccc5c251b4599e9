using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Redirect;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The request path after the gate, top to bottom: flood guard, strangers refused, ACK and CANCEL
/// to their transaction, retransmissions answered from it, new calls refused while draining or
/// backlogged, the plan, the call's admission (limits, target, quota), then a server transaction
/// that answers locally, rejects, or forwards. In the redirect role (<c>role: redirect</c>) the
/// <see cref="RedirectPlanner"/> plans and the <see cref="RedirectResponder"/> answers in place of
/// the forward stage; every other stage is the same.
/// </summary>
internal sealed class RequestHandler
{
    private readonly TransactionTable _table;
    private readonly CallAdmission _admission;
    private readonly RequestPlanner _planner;
    private readonly RedirectPlanner _redirectPlanner;
    private readonly RedirectResponder _redirect;
    private readonly HopByHopRequests _hopByHop;
    private readonly Forwarder _forwarder;
    private readonly LocalReplies _replies;
    private readonly ProxyMetrics _metrics;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    public RequestHandler(
        TransactionTable table,
        CallAdmission admission,
        RequestPlanner planner,
        HopByHopRequests hopByHop,
        Forwarder forwarder,
        RedirectResponder redirect,
        LocalReplies replies,
        ProxyMetrics metrics,
        Microsoft.Extensions.Logging.ILogger logger)
    {
        _table = table;
        _admission = admission;
        _planner = planner;
        _redirectPlanner = new RedirectPlanner(planner);
        _redirect = redirect;
        _hopByHop = hopByHop;
        _forwarder = forwarder;
        _replies = replies;
        _metrics = metrics;
        _logger = logger;
    }

    public void OnRequest(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot)
    {
        var message = workspace.Message;
        if (!message.TryGetTopVia(out var via))
        {
            return; // nowhere to answer (RFC 3261 §18.2.2 needs the Via)
        }

        if (_admission.IsFlooding(message, source, snapshot))
        {
            return;
        }

        // Strangers are answered before anything else looks at the request: no transaction, no
        // breaker or quota, no routing; whatever dialog, branch or Route they name.
        var peer = PeerClassifier.Classify(snapshot, source, out var fromTrunk);
        if (peer == PeerKind.Stranger)
        {
            _metrics.RequestRefused("stranger");
            if (message.Method != SipMethod.Ack)
            {
                _replies.SendStateless(workspace, source.Target, 403, "Forbidden"u8, "unknown-peer"u8, retryAfter: false);
            }

            return;
        }

        switch (message.Method)
        {
            case SipMethod.Ack:
                _hopByHop.OnAck(workspace, source, via, snapshot, peer);
                return;
            case SipMethod.Cancel:
                _hopByHop.OnCancel(workspace, source, via);
                return;
        }

        Span<byte> key = stackalloc byte[TransactionKey.Capacity];
        var isInvite = message.Method == SipMethod.Invite;
        key = key[..TransactionKey.Write(message, via, isInvite, key)];
        var hash = TransactionKey.Hash(key);
        if (_table.FindOrCreate(hash, key, create: false, out var existing) == ServerLookup.Found)
        {
            _replies.Retransmit(existing!);
            return;
        }

        if (_admission.RefuseNewCall(workspace, source))
        {
            return;
        }

        var redirecting = snapshot.Behaviour.Role == ProxyRole.Redirect;
        var plan = redirecting ? _redirectPlanner.Plan(workspace, source, snapshot, peer) : _planner.Plan(workspace, source, snapshot, peer);
        if (plan.Kind == PlanKind.ReplyStateless)
        {
            _replies.SendStateless(workspace, source.Target, plan.Status, plan.Reason, plan.Warning, plan.RetryAfter);
            return;
        }

        TrunkAdmission? admission = null;
        if (plan.Kind == PlanKind.Forward && plan.Upstream is not null && !_admission.Admit(workspace, source, snapshot, ref plan, out admission))
        {
            return;
        }

        if (!_admission.TryTakeQuota(workspace, source, snapshot, fromTrunk, plan.Span, out var quota))
        {
            admission?.Exit();
            return;
        }

        var lookup = _table.FindOrCreate(hash, key, create: true, out var transaction);
        if (lookup != ServerLookup.Created)
        {
            quota?.ExitTransaction();
            admission?.Exit();
            if (lookup == ServerLookup.Found)
            {
                ProxyTracing.End(plan.Span, 0); // a copy on another thread won the race; its span tells the story
                _replies.Retransmit(transaction!);
                return;
            }

            ProxyTracing.End(plan.Span, 503);
            Log.TableFull(_logger, _table.Capacity);
            _metrics.Overload("transactions");
            _replies.SendStateless(workspace, source.Target, 503, "Service Unavailable"u8, "overload"u8, retryAfter: true);
            return;
        }

        lock (transaction!)
        {
            transaction.Open(BranchSeal.NewNonce(), plan.Span, quota);
            transaction.Server.Begin(isInvite, source.Target, message.Span);
            switch (plan.Kind)
            {
                case PlanKind.ReplyStateful:
                    _replies.RespondFinal(workspace, message, transaction, plan.Status, plan.Reason, plan.Warning);
                    break;
                case PlanKind.Reject:
                    _replies.RespondReject(workspace, transaction, plan.Decision);
                    break;
                case PlanKind.Forward when redirecting:
                    admission?.Exit(); // a redirect holds no call: the slot is free once the 302 is out
                    _redirect.Answer(workspace, transaction, plan);
                    break;
                default:
                    transaction.HoldAdmission(admission);
                    _forwarder.Forward(workspace, transaction, snapshot, source, plan);
                    break;
            }

            _table.ReleaseIfDone(transaction);
        }
    }
}
