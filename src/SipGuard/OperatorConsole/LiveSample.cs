namespace SipGuard.OperatorConsole;

/// <summary>Screened-call totals (<c>trunk/decision</c> → count since start) at one moment.</summary>
internal sealed record LiveSample(DateTimeOffset At, IReadOnlyDictionary<string, long> Calls);
