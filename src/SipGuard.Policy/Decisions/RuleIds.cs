namespace SipGuard.Policy;

/// <summary>Machine-readable rule names carried in decisions, Warning headers, evidence and metrics.</summary>
public static class RuleIds
{
    public const string UnknownPeer = "unknown-peer";
    public const string NotScreened = "not-screened";
    public const string Blacklisted = "blacklisted";
    public const string EmptyCaller = "empty-caller";
    public const string WithheldCaller = "withheld-caller";
    public const string InvalidNumber = "invalid-number";
    public const string CallerNotAllowed = "caller-not-allowed";
    public const string DomesticCallerOnInternational = "domestic-caller-on-international";
    public const string GreyListed = "grey-listed";
    public const string Allowed = "allowed";
}
