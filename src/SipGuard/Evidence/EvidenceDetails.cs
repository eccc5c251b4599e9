using SipGuard.Policy;

namespace SipGuard.Evidence;

/// <summary>What the writer adds to a call record off the call path: the decision re-walked rule by rule, and the config in force.</summary>
/// <param name="Trace">Identities as presented and normalised, each rule's verdict; null when the INVITE was cut or did not parse.</param>
internal sealed record EvidenceDetails(PolicyTrace? Trace, ConfigFingerprint? Config);
