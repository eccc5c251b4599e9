using SipGuard.Configuration;
using SipGuard.Policy.Configuration;

namespace SipGuard.Reload;

/// <summary>
/// Refuses a reload whose list file lost most of its entries at once: a truncated copy, a failed
/// export or a wrong file is far likelier than an operator unlisting half the blacklist, and
/// accepting it turns rejected callers into connected ones. Compared with the running config, so
/// the same file keeps being refused until it is fixed or the operator says the shrink is meant.
/// </summary>
internal static class ListShrinkGuard
{
    /// <summary>How every refusal's message starts (the host counts them for <c>sipguard.list.suspect_edits</c>).</summary>
    public const string SuspectEdit = "suspect edit";

    /// <summary>One error per list whose new entry count is too far below the running one's.</summary>
    public static IEnumerable<CompileError> Check(
        IReadOnlyList<ListConfig> lists, IReadOnlyDictionary<string, int> loaded, IReadOnlyDictionary<string, int>? running)
    {
        if (running is null)
        {
            yield break;
        }

        foreach (var list in lists)
        {
            if (!running.TryGetValue(list.Id, out var before) || before == 0 || !loaded.TryGetValue(list.Id, out var after))
            {
                continue;
            }

            var path = $"lists.{list.Id}.file";
            if (after == 0 && !list.AllowEmpty)
            {
                yield return new CompileError(path,
                    $"{SuspectEdit}: list file '{list.File}' has no entries where the running list has {before:N0}; " +
                    $"the running list keeps serving (set lists.{list.Id}.allow_empty: true if the list is meant to be empty)");
            }
            else if (after > 0 && after < before * (1 - list.MaxShrink))
            {
                yield return new CompileError(path,
                    $"{SuspectEdit}: list file '{list.File}' has {after:N0} entries where the running list has {before:N0}, " +
                    $"a shrink of more than max_shrink {list.MaxShrink:0.##}; the running list keeps serving " +
                    $"(raise lists.{list.Id}.max_shrink if the shrink is meant)");
            }
        }
    }
}
