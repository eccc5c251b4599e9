namespace SipGuard.Policy.Configuration;

/// <summary>How a trunk's verdicts are applied.</summary>
public enum TrunkMode
{
    /// <summary>Reject what the rules reject.</summary>
    Enforce,
    /// <summary>Decide and record, but forward (the notice's "monitor, keep evidence, then intercept").</summary>
    Monitor,
    /// <summary>Forward without screening.</summary>
    Off,
}
