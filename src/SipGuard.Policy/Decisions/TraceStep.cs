namespace SipGuard.Policy;

/// <summary>One rule of the decision order as applied to a call.</summary>
/// <param name="Step">Its number in the decision order.</param>
/// <param name="Rule">The rule (<see cref="RuleIds"/>).</param>
/// <param name="Verdict">Passed, decided, or not applicable.</param>
/// <param name="Detail">What the rule saw, in words.</param>
public sealed record TraceStep(int Step, string Rule, StepVerdict Verdict, string Detail);
