using SipGuard.Policy.Lists;
using SipGuard.Policy.Numbering;
using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy;

/// <summary>
/// Entries added to a list at run time (the admin list API), in the list-file syntax: an exact number, a prefix
/// <c>+8617951*</c> or a range. They are merged over the loaded list file at compile time and read here.
/// </summary>
public static class RuntimeListEntries
{
    /// <summary>
    /// The canonical form of <paramref name="entry"/> under the snapshot's numbering plan (an exact number as
    /// <c>+E164</c>; a prefix or range as written, trimmed), or false with the reason.
    /// </summary>
    public static bool TryCanonicalize(PolicySnapshot snapshot, string entry, out string canonical, out string error)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        canonical = "";
        if (!NumberPatternParser.TryParse(snapshot.Plan, entry ?? "", out var pattern, out var why))
        {
            error = why ?? "bad entry";
            return false;
        }

        canonical = pattern.Kind == NumberPatternKind.Exact ? pattern.Low.ToString() : entry!.Trim();
        error = "";
        return true;
    }

    /// <summary>Whether the list file itself (runtime entries aside) holds the exact number <paramref name="entry"/>; null when there is no such list.</summary>
    public static bool? InFile(PolicySnapshot snapshot, string listId, string entry)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!snapshot.Lists.TryGetValue(listId, out var list))
        {
            return null;
        }

        return NumberPatternParser.TryParse(snapshot.Plan, entry, out var pattern, out _) &&
            pattern.Kind == NumberPatternKind.Exact && list.Numbers.ContainsOwn(pattern.Low);
    }

    /// <summary>The list ids the snapshot loaded, with each list file's full path.</summary>
    public static IReadOnlyDictionary<string, string> Files(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Lists.ToDictionary(kv => kv.Key, kv => kv.Value.FullPath, StringComparer.Ordinal);
    }

    internal static NumberList Merge(NumberList list, IReadOnlyList<string> entries, NumberingPlan plan, string configPath, List<PolicyError> errors)
    {
        var builder = new NumberSetBuilder(entries.Count);
        foreach (var entry in entries)
        {
            if (NumberPatternParser.TryParse(plan, entry, out var pattern, out var error))
            {
                builder.Add(pattern);
            }
            else
            {
                errors.Add(new PolicyError(configPath, $"runtime entry '{entry}': {error ?? "bad entry"}"));
            }
        }

        return list with { Numbers = list.Numbers.WithRuntimeEntries(builder.Build()), Entries = list.Entries + builder.Count };
    }
}
