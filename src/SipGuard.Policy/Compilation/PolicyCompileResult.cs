namespace SipGuard.Policy;

/// <summary>A compiled snapshot, or every error found.</summary>
public sealed record PolicyCompileResult(PolicySnapshot? Snapshot, IReadOnlyList<PolicyError> Errors)
{
    public bool Succeeded => Snapshot is not null;
}
