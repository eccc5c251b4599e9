using System.Diagnostics;
using System.Diagnostics.Metrics;
using SipGuard.Policy;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Proxy.Telemetry;

/// <summary>
/// The proxy's instruments (<c>sipguard.*</c>). Tags are low-cardinality strings taken from
/// preallocated tables (trunk ids, rule ids, method and code names): never a phone number, and no
/// string is built per message. Also owns the proxy's <see cref="ProxyTracing"/> (one span per screened INVITE).
/// </summary>
public sealed class ProxyMetrics : IDisposable
{
    public const string MeterName = "SipGuard.Proxy";

    /// <summary>The ActivitySource of the per-INVITE-transaction span.</summary>
    public const string ActivitySourceName = ProxyTracing.SourceName;

    private static readonly string[] MethodNames = Enum.GetNames<SipMethod>().Select(n => n.ToUpperInvariant()).ToArray();
    private static readonly string[] ParseErrorNames = Enum.GetNames<SipParseErrorKind>();

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _parseErrors;
    private readonly Counter<long> _overloads;
    private readonly Counter<long> _refusedResponses;
    private readonly Counter<long> _refusedRequests;
    private readonly Counter<long> _invalid;
    private readonly Histogram<double> _decisionSeconds;
    private readonly ProxyTracing _tracing;

    /// <param name="meterName">Another name keeps a private proxy's counts and spans (the start-up warm-up, explain) out of SipGuard's.</param>
    public ProxyMetrics(IMeterFactory? factory = null, string meterName = MeterName)
    {
        _tracing = new ProxyTracing(meterName == MeterName ? ProxyTracing.SourceName : meterName);
        _meter = factory?.Create(meterName) ?? new Meter(meterName);
        _calls = _meter.CreateCounter<long>("sipguard.calls", "{call}", "Initial INVITEs screened, by trunk, decision and rule.");
        _requests = _meter.CreateCounter<long>("sipguard.requests", "{request}", "Requests received, by method.");
        _responses = _meter.CreateCounter<long>("sipguard.responses", "{response}", "Responses sent towards callers (relayed or local), by status code.");
        _parseErrors = _meter.CreateCounter<long>("sipguard.parse_errors", "{message}", "Messages that failed to parse, by error kind.");
        _invalid = _meter.CreateCounter<long>("sipguard.invalid_messages", "{message}", "Parsed messages the gate refused (requests answered or dropped, responses dropped), by message and error kind.");
        _overloads = _meter.CreateCounter<long>("sipguard.overload_rejections", "{request}", "Requests answered 503 because the transaction table was full or the proxy was draining.");
        _refusedResponses = _meter.CreateCounter<long>("sipguard.responses.refused", "{response}", "Responses dropped as not ours: unknown-branch, forged-branch (keyed part wrong), wrong-origin (not from where the request went).");
        _refusedRequests = _meter.CreateCounter<long>("sipguard.requests.refused", "{request}", "Requests refused before routing: stranger (source in no trunk and no upstream), unknown-dialog (no valid dialog token), foreign-cancel (a CANCEL not from its INVITE's sender).");
        _decisionSeconds = _meter.CreateHistogram<double>("sipguard.decision.duration", "s", "Time the policy engine took for one initial INVITE.");
    }

    /// <summary>Registers the gauge of transactions in progress.</summary>
    public void ObserveActiveTransactions(Func<int> active) =>
        _meter.CreateObservableGauge("sipguard.transactions.active", active, "{transaction}", "Transactions in the table.");

    /// <summary>Counts one screened initial INVITE, records the decision latency, and opens its span when sampled.</summary>
    /// <param name="startedTimestamp">A <see cref="Stopwatch"/> timestamp taken just before the policy decided.</param>
    /// <returns>The INVITE's span, to be ended with the final response (<see cref="ProxyTracing.End"/>), or null.</returns>
    public Activity? Call(in Decision decision, long startedTimestamp)
    {
        var seconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;
        var trunk = decision.Trunk?.Id ?? "none";
        var outcome = DecisionName(decision.Outcome);
        _calls.Add(1, new("trunk", trunk), new("decision", outcome), new("reason", decision.RuleId));
        _decisionSeconds.Record(seconds, new KeyValuePair<string, object?>("trunk", trunk));
        return _tracing.Screened(decision, trunk, outcome, startedTimestamp);
    }

    public void Request(SipMethod method) => _requests.Add(1, new KeyValuePair<string, object?>("method", MethodNames[(int)method]));

    public void Response(int status) => _responses.Add(1, new KeyValuePair<string, object?>("code", StatusCodeNames.Of(status)));

    public void ParseError(SipParseErrorKind kind) => _parseErrors.Add(1, new KeyValuePair<string, object?>("kind", ParseErrorNames[(int)kind]));

    public void ResponseRefused(string reason) => _refusedResponses.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RequestRefused(string reason) => _refusedRequests.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Invalid(SipParseErrorKind kind, bool isRequest) => _invalid.Add(
        1,
        new KeyValuePair<string, object?>("message", isRequest ? "request" : "response"),
        new KeyValuePair<string, object?>("kind", ParseErrorNames[(int)kind]));

    public void Overload(string reason) => _overloads.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose()
    {
        _tracing.Dispose();
        _meter.Dispose();
    }

    private static string DecisionName(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Allow => "allow",
        DecisionOutcome.Reject => "reject",
        DecisionOutcome.Tag => "tag",
        DecisionOutcome.WouldReject => "would-reject",
        _ => "other",
    };
}
