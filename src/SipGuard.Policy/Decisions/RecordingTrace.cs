namespace SipGuard.Policy.Decisions;

internal readonly struct RecordingTrace(PolicyTrace target) : IDecisionTrace
{
    public bool Enabled => true;

    public void Identity(IdentityTrace identity) => target.Add(identity);

    public void Step(int step, string rule, StepVerdict verdict, string detail) => target.Add(new TraceStep(step, rule, verdict, detail));
}
