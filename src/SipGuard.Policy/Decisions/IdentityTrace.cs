namespace SipGuard.Policy;

/// <summary>One identity as presented and as normalised.</summary>
public sealed record IdentityTrace(
    int Index,
    string Presented,
    string Normalized,
    NumberForm Form,
    NumberAnomaly Anomalies,
    bool Anonymous,
    bool Withholds,
    bool? ValidInPlan);
