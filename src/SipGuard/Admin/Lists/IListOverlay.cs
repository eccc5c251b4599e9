using SipGuard.Configuration;

namespace SipGuard.Admin.Lists;

/// <summary>
/// Runtime list entries: an overlay on each list file, added and removed through the admin list API and merged
/// over the file at every compile (start-up, reload, <c>explain</c>). <see cref="FileListOverlay"/> keeps them in
/// local files; a shared store (several nodes) implements the same interface.
/// </summary>
internal interface IListOverlay
{
    /// <summary>The runtime entries of every list in <paramref name="config"/> that has any, in canonical form.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> Read(SipGuardConfig config);

    /// <summary>Adds canonical entries to a list; returns how many were not there before.</summary>
    int Add(SipGuardConfig config, string list, IReadOnlyList<string> entries);

    /// <summary>Removes a canonical entry; false when it was not a runtime entry of the list.</summary>
    bool Remove(SipGuardConfig config, string list, string entry);
}
