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
    /// <summary>A Diversion entry (RFC 5806): the number that diverted the call; screened only with <c>allow_forwarded</c>.</summary>
    Diversion,
    /// <summary>A History-Info entry other than the last (RFC 7044): a number the call was retargeted from; as Diversion.</summary>
    HistoryInfo,
}
