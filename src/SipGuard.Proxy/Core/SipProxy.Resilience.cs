using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Resilience: admission (flood detection, per-trunk and global limits), target choice with circuit
/// breakers, and serial failover (RFC 3261 §16.6: a new branch per try, within the caller's
/// transaction time). Health and counters live here, outside the snapshots, so reloads keep them.
/// </summary>
public sealed partial class SipProxy
{
    private readonly TargetHealthRegistry _health = new();
    private readonly AdmissionRegistry _admissions = new();
    private readonly FloodGuard _flood = new();
    private uint _spin;

    /// <summary>Breaker and probe state of the running snapshot's upstreams, read by health checks and the console.</summary>
    public UpstreamHealthView UpstreamHealth => new(() => Snapshot, _prober);

    /// <summary>Publishes a snapshot after binding its upstreams to the breakers and telling the prober.</summary>
    private void Publish(ProxySnapshot snapshot)
    {
        foreach (var upstream in snapshot.Upstreams)
        {
            upstream.Bind(_health);
        }

        Volatile.Write(ref _snapshot, snapshot);
        _prober.Update(snapshot);
    }

    /// <summary>True when the request must be ignored: its source is flooding us.</summary>
    private bool IsFlooding(SipMessage request, in Source source, ProxySnapshot snapshot)
    {
        if (snapshot.Admission.Flood is not { } flood || snapshot.UpstreamAt(source.Target.Remote, source.Target.Transport) is not null)
        {
            return false;
        }

        var verdict = _flood.Check(source.Target.Remote, flood, _time.GetTimestamp(), _time.TimestampFrequency);
        if (verdict == FloodVerdict.Allow)
        {
            return false;
        }

        if (verdict == FloodVerdict.JustBlocked)
        {
            Log.SourceBlocked(_logger, source.Target.Remote, flood.Requests, flood.Window, flood.BlockFor);
            var trunk = snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(source.Target.Remote));
            _observer.OnSourceBlocked(new SourceBlockEvent(request, source.Target.Remote, source.Target.Transport, trunk, flood.BlockFor));
        }

        _metrics.Overload("flood");
        return true;
    }

    /// <summary>
    /// Admits a call bound for an upstream: the global and the trunk's limits, then a target whose
    /// breaker lets it through. False when a reply was sent instead (limit response, or a fast 503
    /// when every target is down).
    /// </summary>
    private bool Admit(ProxyWorkspace workspace, in Source source, ProxySnapshot snapshot, ref RequestPlan plan, out TrunkAdmission? counted)
    {
        counted = null;
        var route = plan.Upstream!;
        var now = _time.GetTimestamp();
        if (plan.Trunk is not null && workspace.Message.Method == SipMethod.Invite)
        {
            if (snapshot.Admission.Global is { } global && global.State(_admissions).TryEnter(global, now, _time.TimestampFrequency) != AdmissionResult.Admitted)
            {
                _metrics.Overload("calls-per-second");
                SendLocalReply(workspace, source.Target, global.Status, global.Reason, "calls-per-second"u8, retryAfter: true);

                ProxyTracing.End(plan.Span, global.Status);
                return false;
            }

            if (snapshot.Admission.For(plan.Trunk) is { } limit)
            {
                var state = limit.State(_admissions);
                switch (state.TryEnter(limit, now, _time.TimestampFrequency))
                {
                    case AdmissionResult.RateLimited:
                        _metrics.Overload("trunk-calls-per-second");
                        SendLocalReply(workspace, source.Target, limit.Status, limit.Reason, "trunk-calls-per-second"u8, retryAfter: true);

                        ProxyTracing.End(plan.Span, limit.Status);
                        return false;
                    case AdmissionResult.TooManyCalls:
                        _metrics.Overload("trunk-concurrent-calls");
                        SendLocalReply(workspace, source.Target, limit.Status, limit.Reason, "trunk-concurrent-calls"u8, retryAfter: true);

                        ProxyTracing.End(plan.Span, limit.Status);
                        return false;
                    case AdmissionResult.AdmittedCounted:
                        counted = state;
                        break;
                }
            }
        }

        var index = route.Select(0, now, OpenFor(route), Interlocked.Increment(ref _spin), null);
        if (index < 0)
        {
            counted?.Exit();
            counted = null;
            Log.UpstreamDown(_logger, route.Id);
            _metrics.Overload("upstream-down");
            SendLocalReply(workspace, source.Target, 503, "Service Unavailable"u8, "upstream-down"u8, retryAfter: true);

            ProxyTracing.End(plan.Span, 503);
            return false;
        }

        plan.Target = route.Targets[index];
        plan.TargetIndex = index;
        return true;
    }

    private long OpenFor(UpstreamRoute route) => (long)(route.Breaker.OpenFor.TotalSeconds * _time.TimestampFrequency);

    /// <summary>The current try got an answer that is not a failover code: the target is healthy.</summary>
    private void TrySucceeded(ProxyTransaction transaction)
    {
        if (transaction.Route is { } route && route.Health is { Length: > 0 } health && health[transaction.TargetIndex].Succeeded())
        {
            Log.TargetUp(_logger, transaction.Upstream.Remote, "answered a call");
        }
    }

    /// <summary>
    /// The current try got a final answer: a failover code (503, 408…) counts towards the target's
    /// failure rate over the breaker window, any other answer as a success (TargetHealth.Answered),
    /// so a few refused calls of one line cannot open the shared target for every line.
    /// </summary>
    private void TryAnswered(ProxyTransaction transaction, bool failed)
    {
        if (transaction.Route is not { } route || route.Health is not { Length: > 0 } health)
        {
            return;
        }

        switch (health[transaction.TargetIndex].Answered(_time.GetTimestamp(), failed, route.Breaker, _time.TimestampFrequency))
        {
            case BreakerChange.Opened:
                Log.TargetDown(_logger, transaction.Upstream.Remote, "failover answers over the breaker's failure rate");
                break;
            case BreakerChange.Closed:
                Log.TargetUp(_logger, transaction.Upstream.Remote, "answered a call");
                break;
        }
    }

    /// <summary>The current try failed at the transport (send error, connect error, no answer in time): count it on the target's breaker.</summary>
    private void TryFailed(ProxyTransaction transaction)
    {
        if (transaction.Route is { } route && route.Health is { Length: > 0 } health &&
            health[transaction.TargetIndex].Failed(_time.GetTimestamp(), route.Breaker.FailuresBeforeOpen, OpenFor(route)))
        {
            Log.TargetDown(_logger, transaction.Upstream.Remote, "breaker opened");
        }
    }

    /// <summary>
    /// §16.6 serial forking: the same request, a new branch (the attempt digits of our Via's branch
    /// are rewritten in place), to the next target that is not down and not yet tried. Only while
    /// the caller is still waiting: no final response sent, no CANCEL, Timer B not expired.
    /// </summary>
    private bool TryFailover(ProxyWorkspace workspace, ProxyTransaction transaction, string why)
    {
        var route = transaction.Route;
        if (route is null || transaction.Server != ServerState.Proceeding || transaction.CancelPending || transaction.CancelSent ||
            transaction.Attempt == byte.MaxValue || !transaction.TimeoutTimer.IsPending)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        while (true)
        {
            var index = route.Select(transaction.Tried, now, OpenFor(route), Interlocked.Increment(ref _spin), transaction.Upstream.Transport);
            if (index < 0 || !TryReadForwarded(workspace, transaction, out var forwarded) || !forwarded.TryGetTopVia(out var via) ||
                via.Branch.Length != BranchId.Length)
            {
                return false;
            }

            var from = transaction.Upstream.Remote;
            transaction.Tried |= 1UL << index;
            transaction.Attempt++;
            var bytes = transaction.Forwarded.Array.AsSpan(0, transaction.Forwarded.Length);
            BranchId.WriteAttempt(bytes.Slice(via.Branch.Offset + BranchId.AttemptOffset, 2), transaction.Attempt);
            _branches.Write(bytes.Slice(via.Branch.Offset + BranchId.SealOffset, BranchSeal.Length), transaction.Slot, transaction.Generation, transaction.Attempt, transaction.Nonce);
            transaction.TargetIndex = index;
            transaction.Upstream = route.Targets[index];
            _dialogs.Rebind(forwarded, bytes, new DialogPeer(transaction.Upstream.Transport, transaction.Upstream.Remote)); // the dialog is with the new target
            transaction.Client = ClientState.Calling;
            Log.FailedOver(_logger, from, transaction.Upstream.Remote, why);
            if (StartTry(transaction, Snapshot.Timers))
            {
                return true;
            }

            TryFailed(transaction); // could not even send: try the next one
        }
    }

    /// <summary>Sends the forwarded request to the current target and starts its timers; false when the send failed.</summary>
    private bool StartTry(ProxyTransaction transaction, TimerSettings timers)
    {
        transaction.RetransmitTimer.Cancel();
        transaction.TryTimer.Cancel();
        var target = transaction.Upstream;
        var result = _transport.Send(target, transaction.Forwarded.Span);
        if (result != SendResult.Sent)
        {
            Log.SendFailed(_logger, target.Remote, result);
            return false;
        }

        if (target.Transport == SipTransportKind.Udp)
        {
            transaction.RequestRetransmitInterval = timers.T1;
            transaction.RetransmitTimer = Schedule(transaction, TransactionTimer.RequestRetransmit, timers.T1);
        }

        if (transaction.Route is { Targets.Length: > 1 } route)
        {
            transaction.TryTimer = Schedule(transaction, TransactionTimer.TryTimeout, route.TryTimeout);
        }

        return true;
    }

    /// <summary>A call counted against its trunk's concurrency limit stops counting once it has its final response.</summary>
    private static void ReleaseAdmission(ProxyTransaction transaction)
    {
        if (transaction.Admission is { } admission && transaction.Server != ServerState.Proceeding)
        {
            admission.Exit();
            transaction.Admission = null;
        }
    }
}
