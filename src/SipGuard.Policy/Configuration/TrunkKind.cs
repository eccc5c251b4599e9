namespace SipGuard.Policy.Configuration;

/// <summary>What sort of line a trunk is; decides which rules apply to it.</summary>
public enum TrunkKind
{
    /// <summary>语音专线: only <c>allowed_callers</c> may be presented.</summary>
    PrivateLine,
    /// <summary>International gateway: domestic (+86) callers are spoofed.</summary>
    International,
    /// <summary>Another carrier's network: blacklists, withheld and numbering-plan rules apply.</summary>
    Interconnect,
    /// <summary>Our own core: only blacklists scoped to it apply.</summary>
    Trusted,
}
