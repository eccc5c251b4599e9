using Microsoft.Extensions.Logging;
using SipGuard.Policy;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The admission stage: who may take the proxy's time now. A flooding source is ignored; a new call
/// is refused while draining or behind on the receive queue; a call bound for an upstream must fit
/// the global and its trunk's limits and find a target whose breaker lets it through; a trunk may
/// hold only its quota of the transaction table. Each refusal is answered here (503 + Retry-After,
/// or the limit's own status) and counted. Counters live outside the snapshots, so reloads keep them.
/// </summary>
internal sealed class CallAdmission
{
    private readonly AdmissionRegistry _admissions;
    private readonly FloodGuard _flood = new();
    private readonly UpstreamTargets _targets;
    private readonly LocalReplies _replies;
    private readonly ProxyMetrics _metrics;
    private readonly IScreeningObserver _observer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _draining;

    public CallAdmission(AdmissionRegistry admissions, UpstreamTargets targets, LocalReplies replies, ProxyMetrics metrics, IScreeningObserver observer, TimeProvider time, ILogger logger)
    {
        _admissions = admissions;
        _targets = targets;
        _replies = replies;
        _metrics = metrics;
        _observer = observer;
        _time = time;
        _logger = logger;
        FloodBlocks = new FloodBlocks(_flood, time);
    }

    /// <summary>The flood blocks, for a cluster to share.</summary>
    public FloodBlocks FloodBlocks { get; }

    /// <summary>Stop taking new INVITEs (503 + Retry-After); transactions in progress carry on.</summary>
    public void BeginDrain() => _draining = true;

    /// <summary>True when the request must be ignored: its source is flooding us (answering would amplify the flood).</summary>
    public bool IsFlooding(SipMessage request, in MessageSource source, ProxySnapshot snapshot)
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
            FloodBlocks.OnBlocked(source.Target.Remote, flood.BlockFor);
        }

        _metrics.Overload("flood");
        return true;
    }

    /// <summary>
    /// A new INVITE (outside a dialog) while draining, or while the receive queue is backed up: 503.
    /// Refusing new calls cheaply lets in-progress ones (their ACKs, BYEs, responses) through before
    /// the kernel starts dropping datagrams at random. True when refused (the reply is sent).
    /// </summary>
    public bool RefuseNewCall(ProxyWorkspace workspace, in MessageSource source)
    {
        var message = workspace.Message;
        if (message.Method != SipMethod.Invite || (message.TryGetTo(out var to) && to.HasTag))
        {
            return false;
        }

        var why = _draining ? "draining" : source.Backlogged ? "receive-backlog" : null;
        if (why is null)
        {
            return false;
        }

        _metrics.Overload(why);
        _replies.SendStateless(workspace, source.Target, 503, "Service Unavailable"u8, _draining ? "draining"u8 : "overload"u8, retryAfter: true);
        return true;
    }

    /// <summary>
    /// Admits a call bound for an upstream: the global and the trunk's limits, then a target whose
    /// breaker lets it through (<see cref="UpstreamTargets.Choose"/>). False when a reply was sent
    /// instead (limit response, or a fast 503 when every target is down).
    /// </summary>
    public bool Admit(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot, ref RequestPlan plan, out TrunkAdmission? counted)
    {
        counted = null;
        var route = plan.Upstream!;
        if (plan.Trunk is not null && workspace.Message.Method == SipMethod.Invite && !WithinLimits(workspace, source, snapshot, plan.Trunk, plan.Span, out counted))
        {
            return false;
        }

        var index = _targets.Choose(route, tried: 0);
        if (index < 0)
        {
            counted?.Exit();
            counted = null;
            Log.UpstreamDown(_logger, route.Id);
            Refuse(workspace, source, plan.Span, 503, "Service Unavailable"u8, "upstream-down");
            return false;
        }

        plan.Target = route.Targets[index];
        plan.TargetIndex = index;
        return true;
    }

    /// <summary>
    /// One line may hold only its quota of the table (limits.max_transactions_per_trunk), so a flood
    /// on one trunk cannot take the slots the others need. False when refused (503 sent).
    /// </summary>
    public bool TryTakeQuota(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot, TrunkSnapshot? fromTrunk, System.Diagnostics.Activity? span, out TrunkAdmission? quota)
    {
        quota = null;
        if (fromTrunk is null || snapshot.Admission.Transactions.For(fromTrunk.Id) is not (var trunkQuota and > 0))
        {
            return true;
        }

        quota = _admissions.For(fromTrunk.Id);
        if (quota.TryEnterTransaction(trunkQuota))
        {
            return true;
        }

        quota = null;
        Refuse(workspace, source, span, 503, "Service Unavailable"u8, "trunk-transactions");
        return false;
    }

    private bool WithinLimits(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot, TrunkSnapshot trunk, System.Diagnostics.Activity? span, out TrunkAdmission? counted)
    {
        counted = null;
        var now = _time.GetTimestamp();
        if (snapshot.Admission.Global is { } global && global.State(_admissions).TryEnter(global, now, _time.TimestampFrequency) != AdmissionResult.Admitted)
        {
            Refuse(workspace, source, span, global.Status, global.Reason, "calls-per-second");
            return false;
        }

        if (snapshot.Admission.For(trunk) is not { } limit)
        {
            return true;
        }

        var state = limit.State(_admissions);
        switch (state.TryEnter(limit, now, _time.TimestampFrequency))
        {
            case AdmissionResult.RateLimited:
                Refuse(workspace, source, span, limit.Status, limit.Reason, "trunk-calls-per-second");
                return false;
            case AdmissionResult.TooManyCalls:
                Refuse(workspace, source, span, limit.Status, limit.Reason, "trunk-concurrent-calls");
                return false;
            case AdmissionResult.AdmittedCounted:
                counted = state;
                break;
        }

        return true;
    }

    private void Refuse(ProxyWorkspace workspace, in MessageSource source, System.Diagnostics.Activity? span, int status, ReadOnlySpan<byte> reason, string why)
    {
        _metrics.Overload(why);
        Span<byte> warning = stackalloc byte[32];
        var length = System.Text.Encoding.ASCII.GetBytes(why, warning);
        _replies.SendStateless(workspace, source.Target, status, reason, warning[..length], retryAfter: true);
        ProxyTracing.End(span, status);
    }
}
