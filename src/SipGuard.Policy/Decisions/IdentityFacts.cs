namespace SipGuard.Policy.Decisions;

/// <summary>Per-identity scratch of one evaluation (stack allocated).</summary>
internal struct IdentityFacts
{
    public NormalizedNumber Normalized;
    public bool Anonymous;
    public bool Withholds;

    public readonly bool HasNumber => Normalized.HasNumber;
}
