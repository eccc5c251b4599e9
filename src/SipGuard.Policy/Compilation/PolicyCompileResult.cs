namespace SipGuard.Policy;

/// <summary>A compiled snapshot, or every error found.</summary>
/// <param name="Snapshot">The compiled policy; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem, by config path.</param>
public sealed record PolicyCompileResult(PolicySnapshot? Snapshot, IReadOnlyList<PolicyError> Errors)
{
    /// <summary>True when <see cref="Snapshot"/> is set (no errors).</summary>
    public bool Succeeded => Snapshot is not null;
}
