namespace SipGuard.Evidence;

/// <summary>The result of walking the chain: how much was checked, and the first break if any.</summary>
internal sealed record EvidenceVerification(int Files, long Records, EvidenceBreak? Break)
{
    public bool Intact => Break is null;
}
