namespace SipGuard.Sip.Headers;

/// <summary>The privacy parameter of Remote-Party-ID (draft-ietf-sip-privacy-04).</summary>
public enum RpidPrivacy : byte
{
    Absent = 0,
    Off,
    Name,
    Uri,
    Full,
    Other,
}
