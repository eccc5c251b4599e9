namespace SipGuard.Policy.Decisions;

/// <summary>
/// Receives the steps of a decision. The hot path uses <see cref="NoTrace"/>, a struct whose
/// <see cref="Enabled"/> is a constant false, so the generic evaluator compiles the tracing away;
/// explain uses <see cref="RecordingTrace"/>. One evaluator serves both, so explain cannot drift.
/// </summary>
internal interface IDecisionTrace
{
    bool Enabled { get; }

    void Identity(IdentityTrace identity);

    void Step(int step, string rule, StepVerdict verdict, string detail);
}
