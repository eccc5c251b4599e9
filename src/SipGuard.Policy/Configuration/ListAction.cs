namespace SipGuard.Policy.Configuration;

/// <summary>What a match in a number list does.</summary>
public enum ListAction
{
    /// <summary>Reject with the list's code (blacklists).</summary>
    Reject,
    /// <summary>Forward with a warning label (grey lists).</summary>
    Tag,
    /// <summary>No action of its own; referenced by other rules (e.g. domestic-caller exemptions).</summary>
    Exempt,
}
