namespace SipGuard.Policy;

/// <summary>How one rule went in an explained decision.</summary>
public enum StepVerdict
{
    /// <summary>The rule let the call through.</summary>
    Pass,
    /// <summary>The rule decided the call (reject, would-reject, tag or allow).</summary>
    Decided,
    /// <summary>The rule does not apply to this trunk or call.</summary>
    NotApplicable,
}
