namespace SipGuard.Policy;

/// <summary>The header a caller identity came from.</summary>
public enum IdentityOrigin : byte
{
    /// <summary>P-Asserted-Identity (RFC 3325).</summary>
    Pai,
    /// <summary>From.</summary>
    From,
    /// <summary>Remote-Party-ID (draft-ietf-sip-privacy-04, still sent by many PBXs).</summary>
    Rpid,
    /// <summary>P-Preferred-Identity.</summary>
    Ppi,
}
