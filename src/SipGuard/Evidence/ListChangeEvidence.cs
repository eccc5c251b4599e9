namespace SipGuard.Evidence;

/// <summary>A change to a list made through the admin list API: who (the token's name), what, on which list.</summary>
/// <param name="By">The name of the admin token that made the change.</param>
/// <param name="Action"><c>add</c> or <c>remove</c>.</param>
/// <param name="List">The list id.</param>
/// <param name="Entries">The entries changed (canonical form).</param>
internal sealed record ListChangeEvidence(string By, string Action, string List, IReadOnlyList<string> Entries)
{
    public const string Type = "list-change";
}
