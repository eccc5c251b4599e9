namespace SipGuard.Policy;

/// <summary>What to do with the call.</summary>
public enum DecisionOutcome : byte
{
    /// <summary>Forward.</summary>
    Allow,
    /// <summary>Answer locally with <see cref="Decision.Status"/>.</summary>
    Reject,
    /// <summary>Forward with the warning <see cref="Decision.Tag"/>.</summary>
    Tag,
    /// <summary>Monitor mode: the rules reject, the call is forwarded; record the evidence.</summary>
    WouldReject,
}
