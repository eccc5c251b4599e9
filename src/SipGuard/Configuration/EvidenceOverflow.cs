namespace SipGuard.Configuration;

/// <summary>Behaviour when evidence cannot be written (YAML <c>evidence.on_overflow</c>).</summary>
public enum EvidenceOverflow
{
    /// <summary>Hold the decision until the record is written: no rejected call goes unrecorded.</summary>
    Block,
    /// <summary>Reject calls that would need a record that cannot be written (503), keep serving the rest.</summary>
    Reject,
}
