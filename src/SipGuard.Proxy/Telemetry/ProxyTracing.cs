using System.Diagnostics;
using SipGuard.Policy;

namespace SipGuard.Proxy.Telemetry;

/// <summary>
/// The proxy's spans (ActivitySource <c>SipGuard.Proxy</c>): one per screened initial INVITE, carrying the
/// decision. An activity is only created when a listener is attached and its sampler keeps it, so an
/// unsampled call pays one volatile read. Attributes are trunk, decision, rule and status: never a number.
/// </summary>
internal sealed class ProxyTracing : IDisposable
{
    public const string SourceName = "SipGuard.Proxy";
    public const string ScreenSpanName = "sip.invite.screen";

    private static readonly string[] StatusNames = Enumerable.Range(0, 700).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly ActivitySource _source = new(SourceName);

    /// <summary>Records the screening of one INVITE as a span that started at <paramref name="startedTimestamp"/>
    /// (a <see cref="Stopwatch"/> timestamp) and ends now.</summary>
    public void Screened(in Decision decision, string trunk, string outcome, long startedTimestamp)
    {
        if (!_source.HasListeners())
        {
            return;
        }

        // The span is opened after the fact with a back-dated start, so the sampler decides before any tag is built.
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        using var activity = _source.StartActivity(ScreenSpanName, ActivityKind.Server, parentContext: default, tags: null, links: null, startTime: DateTimeOffset.UtcNow - elapsed);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("sipguard.trunk", trunk);
        activity.SetTag("sipguard.decision", outcome);
        activity.SetTag("sipguard.rule", decision.RuleId);
        activity.SetTag("sip.status", (uint)decision.Status < StatusNames.Length ? StatusNames[decision.Status] : "other");
        if (decision.Outcome == DecisionOutcome.Reject)
        {
            activity.SetStatus(ActivityStatusCode.Error, decision.RuleId);
        }
    }

    public void Dispose() => _source.Dispose();
}
