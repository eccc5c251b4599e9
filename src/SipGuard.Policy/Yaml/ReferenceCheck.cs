using YamlDotNet.RepresentationModel;

namespace SipGuard.Policy.Yaml;

/// <summary>Reports names one part of a file uses for another (a list in an exemption, an upstream of a trunk) that the
/// named section does not define, with a "did you mean". Run once every section has been read, so the order of
/// sections in the file does not matter.</summary>
internal static class ReferenceCheck
{
    public static void Report(
        ConfigReader reader,
        IEnumerable<(YamlNode Node, string Path, string Name)> references,
        IReadOnlyCollection<string> ids,
        string what,
        string section)
    {
        foreach (var (node, path, name) in references)
        {
            if (ids.Contains(name))
            {
                continue;
            }

            var suggestion = KeySuggester.Suggest(name, ids);
            var hint = suggestion is not null ? $"did you mean '{suggestion}'?"
                : ids.Count == 0 ? $"'{section}:' defines none"
                : $"defined: {string.Join(", ", ids)}";
            reader.Error(node, path, $"no {what} named '{name}' under '{section}:'; {hint}");
        }
    }

    /// <summary>A list's <c>applies_to</c> entries: each a trunk kind or a trunk id.</summary>
    public static void ReportScopes(
        ConfigReader reader, IEnumerable<(YamlNode Node, string Path, string Name)> scopes, IReadOnlyCollection<string> trunkIds)
    {
        var valid = PolicySchema.TrunkKinds.Words.Concat(trunkIds).ToArray();
        foreach (var (node, path, name) in scopes)
        {
            if (!valid.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = KeySuggester.Suggest(name, valid);
                var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
                reader.Error(node, path,
                    $"'{name}' is neither a trunk kind ({string.Join(" | ", PolicySchema.TrunkKinds.Words)}) nor a trunk id{hint}");
            }
        }
    }
}
