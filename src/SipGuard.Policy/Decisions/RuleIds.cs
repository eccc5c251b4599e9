namespace SipGuard.Policy;

/// <summary>Machine-readable rule names carried in decisions, Warning headers, evidence and metrics.</summary>
public static class RuleIds
{
    public const string UnknownPeer = "unknown-peer";
    public const string NotScreened = "not-screened";
    public const string Blacklisted = "blacklisted";
    public const string EmptyCaller = "empty-caller";
    public const string WithheldCaller = "withheld-caller";
    /// <summary>An identity that is neither a number nor a name, or in a scheme SipGuard does not screen: fail closed.</summary>
    public const string UnreadableIdentity = "unreadable-identity";
    /// <summary>More identity values than <see cref="CallAttempt.MaxIdentities"/>: refused, never partly read.</summary>
    public const string TooManyIdentities = "too-many-identities";
    public const string InvalidNumber = "invalid-number";
    public const string CallerNotAllowed = "caller-not-allowed";
    public const string DomesticCallerOnInternational = "domestic-caller-on-international";
    public const string GreyListed = "grey-listed";
    public const string Allowed = "allowed";
    /// <summary>Allowed because a diverting number (Diversion, History-Info) is inside allowed_callers (<c>allow_forwarded</c>).</summary>
    public const string Forwarded = "forwarded";
}
