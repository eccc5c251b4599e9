namespace SipGuard.Policy;

/// <summary>One identity as presented and as normalised.</summary>
/// <param name="Index">Its index in <see cref="CallAttempt.Identities"/>.</param>
/// <param name="Presented">The identity as the request presents it.</param>
/// <param name="Normalized">Its E.164 number (<c>+86…</c>); empty when it has none.</param>
/// <param name="Form">How the number was written (international, national…).</param>
/// <param name="Anomalies">What is wrong with how it was written.</param>
/// <param name="Anonymous">An anonymous URI.</param>
/// <param name="Withholds">The identity itself asks for privacy (RPID).</param>
/// <param name="ValidInPlan">Validity in the numbering plan; null when there is no number to judge.</param>
public sealed record IdentityTrace(
    int Index,
    string Presented,
    string Normalized,
    NumberForm Form,
    NumberAnomaly Anomalies,
    bool Anonymous,
    bool Withholds,
    bool? ValidInPlan);
