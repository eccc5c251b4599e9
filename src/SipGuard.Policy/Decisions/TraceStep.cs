namespace SipGuard.Policy;

/// <summary>One rule of the decision order as applied to a call.</summary>
public sealed record TraceStep(int Step, string Rule, StepVerdict Verdict, string Detail);
