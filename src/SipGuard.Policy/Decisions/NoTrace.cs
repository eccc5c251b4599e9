namespace SipGuard.Policy.Decisions;

internal readonly struct NoTrace : IDecisionTrace
{
    public bool Enabled => false;

    public void Identity(IdentityTrace identity)
    {
    }

    public void Step(int step, string rule, StepVerdict verdict, string detail)
    {
    }
}
