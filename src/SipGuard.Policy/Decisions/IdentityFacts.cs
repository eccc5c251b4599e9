namespace SipGuard.Policy.Decisions;

/// <summary>Per-identity scratch of one evaluation (stack allocated).</summary>
internal struct IdentityFacts
{
    public NormalizedNumber Normalized;
    public bool Anonymous;
    public bool Withholds;

    /// <summary>Not a number, not a name, or a scheme SipGuard does not screen: the call fails closed.</summary>
    public bool Unreadable;

    /// <summary>A Diversion or History-Info entry: screened only on a trunk with <c>allow_forwarded</c>, never the caller.</summary>
    public bool Diverting;

    public readonly bool HasNumber => Normalized.HasNumber;
}
