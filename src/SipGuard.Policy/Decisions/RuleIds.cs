namespace SipGuard.Policy;

/// <summary>Machine-readable rule names carried in decisions, Warning headers, evidence and metrics.</summary>
public static class RuleIds
{
    /// <summary>The source matches no trunk (403).</summary>
    public const string UnknownPeer = "unknown-peer";
    /// <summary>Not an initial INVITE, or the trunk is <c>mode: off</c>: forwarded unscreened.</summary>
    public const string NotScreened = "not-screened";
    /// <summary>A presented number is on a reject list (608 or the list's code).</summary>
    public const string Blacklisted = "blacklisted";
    /// <summary>No caller number at all (433).</summary>
    public const string EmptyCaller = "empty-caller";
    /// <summary>The caller withholds the number and is not a special user (433).</summary>
    public const string WithheldCaller = "withheld-caller";
    /// <summary>An identity that is neither a number nor a name, or in a scheme SipGuard does not screen: fail closed.</summary>
    public const string UnreadableIdentity = "unreadable-identity";
    /// <summary>More identity values than <see cref="CallAttempt.MaxIdentities"/>: refused, never partly read.</summary>
    public const string TooManyIdentities = "too-many-identities";
    /// <summary>A presented number is not valid in the numbering plan (403).</summary>
    public const string InvalidNumber = "invalid-number";
    /// <summary>A private line presents a number outside its <c>allowed_callers</c> (403).</summary>
    public const string CallerNotAllowed = "caller-not-allowed";
    /// <summary>A domestic caller on an international trunk, not exempt (403).</summary>
    public const string DomesticCallerOnInternational = "domestic-caller-on-international";
    /// <summary>A presented number is on a tag list: forwarded with a warning.</summary>
    public const string GreyListed = "grey-listed";
    /// <summary>Every rule passed.</summary>
    public const string Allowed = "allowed";
    /// <summary>Allowed because a diverting number (Diversion, History-Info) is inside allowed_callers (<c>allow_forwarded</c>).</summary>
    public const string Forwarded = "forwarded";
}
