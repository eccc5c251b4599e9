namespace SipGuard.Policy;

/// <summary>Reason phrases of the responses the policy asks for (made once, never per call).</summary>
internal static class ReasonPhrases
{
    public const string Forbidden = "Forbidden";
    public const string AnonymityDisallowed = "Anonymity Disallowed";
    public const string Rejected = "Rejected";
    public const string Decline = "Decline";
    public const string Ok = "OK";

    /// <summary>The standard phrase for a status a list may use.</summary>
    public static string For(int status) => status switch
    {
        403 => Forbidden,
        404 => "Not Found",
        433 => AnonymityDisallowed,
        480 => "Temporarily Unavailable",
        486 => "Busy Here",
        603 => Decline,
        607 => "Unwanted",
        608 => Rejected,
        _ => Rejected,
    };
}
