namespace SipGuard.Policy;

/// <summary>Things wrong with how a caller number was written; any of them makes the number unusable.</summary>
[Flags]
public enum NumberAnomaly
{
    None = 0,
    /// <summary>"+86 0…": a national trunk prefix after the country code.</summary>
    NationalPrefixAfterCountryCode = 1,
    /// <summary>An IP-access / carrier-selection prefix (17951, 12593…) in front of the number.</summary>
    IpAccessPrefix = 2,
    /// <summary>More digits than E.164 allows.</summary>
    TooLong = 4,
    /// <summary>A <c>phone-context</c> that is a domain name: the local number cannot be placed.</summary>
    UnknownPhoneContext = 8,
    /// <summary>A malformed %-escape or a user part too long to examine.</summary>
    Malformed = 16,
    /// <summary>
    /// Neither a number nor a name: digits mixed with letters or dial-string characters (<c>#</c>,
    /// <c>*</c>), a second '+', control bytes, %-escaped non-digits, non-ASCII digits. The call is
    /// refused as <c>unreadable-identity</c>.
    /// </summary>
    Unreadable = 32,
}
