namespace SipGuard.Hosting;

/// <summary>
/// SEAM: <c>sipguard explain</c>'s engine. The lead wires it to the policy engine's Explain: build a
/// <c>CallAttempt</c> from the request, run the decision order against <c>snapshot</c>, and print each rule
/// consulted and the verdict.
/// </summary>
public interface IExplainer
{
    /// <returns>The process exit code: 0 when the call would be forwarded, 2 when it would be rejected.</returns>
    int Explain(RuntimeSnapshot snapshot, ExplainRequest request, TextWriter output);
}
