namespace SipGuard.Policy;

/// <summary>Facts about one identity's URI and header parameters.</summary>
[Flags]
public enum IdentityFlags : byte
{
    None = 0,
    /// <summary>A tel: URI.</summary>
    IsTel = 1,
    /// <summary>A sip(s): URI with <c>user=phone</c>.</summary>
    UserEqualsPhone = 2,
    /// <summary>RPID <c>screen=no</c>: the number was not screened by the sender's network.</summary>
    RpidScreenNo = 4,
    /// <summary>A URI in a scheme SipGuard does not screen (im:, urn:, http:, …): refused as unreadable.</summary>
    OtherScheme = 8,
}
