using System.Diagnostics;
using SipGuard.Policy;

namespace SipGuard.Proxy.Telemetry;

/// <summary>
/// The proxy's spans (ActivitySource <c>SipGuard.Proxy</c>): one per screened INVITE transaction, from
/// the screening to the final response the caller gets, carrying the decision. An activity is only
/// created when a listener is attached and its sampler keeps it, so an unsampled call pays one
/// volatile read. Attributes are trunk, decision, rule and status codes: never a number.
/// </summary>
internal sealed class ProxyTracing : IDisposable
{
    public const string SourceName = "SipGuard.Proxy";
    public const string InviteSpanName = "sip.invite";

    private readonly ActivitySource _source;

    /// <param name="sourceName">Another name keeps a private proxy's spans (warm-up, explain) out of SipGuard's.</param>
    public ProxyTracing(string sourceName = SourceName) => _source = new ActivitySource(sourceName);

    /// <summary>
    /// Opens the span of one screened INVITE, back-dated to <paramref name="startedTimestamp"/> (a
    /// <see cref="Stopwatch"/> timestamp), or returns null when nobody samples it. The span stays open
    /// until <see cref="End"/>; it is not left as <see cref="Activity.Current"/> on the receive thread.
    /// </summary>
    public Activity? Screened(in Decision decision, string trunk, string outcome, long startedTimestamp)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        // Opened after the fact with a back-dated start, so the sampler decides before any tag is built.
        var previous = Activity.Current;
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        var activity = _source.StartActivity(InviteSpanName, ActivityKind.Server, parentContext: default, tags: null, links: null, startTime: DateTimeOffset.UtcNow - elapsed);
        Activity.Current = previous;
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("sipguard.trunk", trunk);
        activity.SetTag("sipguard.decision", outcome);
        activity.SetTag("sipguard.rule", decision.RuleId);
        activity.SetTag("sip.status", StatusCodeNames.Of(decision.Status));
        if (decision.Outcome == DecisionOutcome.Reject)
        {
            activity.SetStatus(ActivityStatusCode.Error, decision.RuleId);
        }

        return activity;
    }

    /// <summary>Closes a span with the final status the caller got (0: the transaction ended without one).</summary>
    public static void End(Activity? span, int finalStatus)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("sip.response.status", StatusCodeNames.Of(finalStatus));
        span.Stop();
    }

    public void Dispose() => _source.Dispose();
}
