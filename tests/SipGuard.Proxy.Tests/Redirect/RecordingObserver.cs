using System.Collections.Concurrent;
using SipGuard.Policy;
using SipGuard.Proxy.Screening;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>Stands in for the evidence log: keeps each verdict's Call-ID, outcome, rule and answer, and accepts every record.</summary>
internal sealed class RecordingObserver : IScreeningObserver
{
    public ConcurrentQueue<(string CallId, DecisionOutcome Outcome, string Rule, int Response)> Records { get; } = new();

    public bool OnScreened(in ScreeningEvent screening)
    {
        var request = screening.Request;
        Records.Enqueue((System.Text.Encoding.ASCII.GetString(request[request.CallId]), screening.Decision.Outcome, screening.Decision.RuleId, screening.ResponseStatus));
        return true;
    }

    public void OnSourceBlocked(in SourceBlockEvent block)
    {
    }
}
