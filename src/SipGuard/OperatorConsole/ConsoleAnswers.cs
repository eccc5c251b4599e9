using SipGuard.Proxy.Resilience;

namespace SipGuard.OperatorConsole;

/// <summary>One loaded list for the lists panel.</summary>
internal sealed record ListSummary(string Id, string File, int Entries, string? Sha256, long? AgeSeconds, IReadOnlyList<string> Runtime);

/// <summary>The live panel: calls per trunk and decision over the window, totals, interceptions, overloads, upstreams, evidence queue.</summary>
internal sealed record ConsoleLive(
    double WindowMinutes,
    IReadOnlyDictionary<string, long> Calls,
    IReadOnlyDictionary<string, long> Totals,
    IReadOnlyDictionary<string, long> Interceptions,
    IReadOnlyDictionary<string, long> Overloads,
    long ReceiveBacklogShed,
    IReadOnlyList<UpstreamHealthReport> Upstreams,
    bool ListenersUp,
    int EvidenceQueue,
    long EvidenceDropped);

/// <summary>The explain panel's answer: whether the call would be forwarded, and the trace as <c>sipguard explain</c> prints it.</summary>
internal sealed record ExplainAnswer(bool Forwarded, string Trace);

/// <summary>The config panel: the file, its generation and load time, the running version and the reload history.</summary>
internal sealed record ConsoleConfig(string File, long Generation, DateTimeOffset LoadedAt, string Version, IReadOnlyList<ReloadEntry> Reloads);
