using System.Diagnostics;
using SipGuard.Policy;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Screens a trunk's initial INVITE or MESSAGE: its identities are extracted
/// (<see cref="CallAttemptFactory"/>), the policy decides, the observer records the verdict
/// (evidence), and the decision becomes a plan: reject, forward to the trunk's upstream (tagged,
/// with the verified number asserted), or 503 when the record cannot be kept or no upstream is set.
/// </summary>
internal sealed class CallScreener
{
    private readonly ProxyMetrics _metrics;
    private readonly IScreeningObserver _observer;

    public CallScreener(ProxyMetrics metrics, IScreeningObserver observer)
    {
        _metrics = metrics;
        _observer = observer;
    }

    public RequestPlan Screen(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot)
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

        // The record's response: 0 = forwarded; a redirect server answers the call 302 itself.
        var answer = snapshot.Behaviour.Role == ProxyRole.Redirect ? 302 : 0;
        if (!_observer.OnScreened(new ScreeningEvent(workspace.Message, source.Target.Remote, source.Target.Transport, decision, answer, snapshot)) &&
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
}
