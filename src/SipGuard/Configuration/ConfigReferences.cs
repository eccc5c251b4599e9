using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Names one part of the file uses for another (a trunk's upstream, a list in an exemption, a scope),
/// checked once every section has been read so the order of sections in the file does not matter.</summary>
internal sealed class ConfigReferences
{
    private readonly List<(YamlNode Node, string Path, string Name)> _upstreams = [];
    private readonly List<(YamlNode Node, string Path, string Name)> _lists = [];
    private readonly List<(YamlNode Node, string Path, string Name)> _trunks = [];
    private readonly List<(YamlNode Node, string Path, string Name)> _scopes = [];

    public void Upstream(YamlNode node, string path, string name) => _upstreams.Add((node, path, name));

    public void List(YamlNode node, string path, string name) => _lists.Add((node, path, name));

    public void Trunk(YamlNode node, string path, string name) => _trunks.Add((node, path, name));

    /// <summary>A list's <c>applies_to</c> entry: a trunk kind or a trunk id.</summary>
    public void Scope(YamlNode node, string path, string name) => _scopes.Add((node, path, name));

    public void Check(
        ConfigReader reader,
        IReadOnlyCollection<string> upstreamIds,
        IReadOnlyCollection<string> listIds,
        IReadOnlyCollection<string> trunkIds)
    {
        Check(reader, _upstreams, upstreamIds, "upstream", "upstreams");
        Check(reader, _lists, listIds, "list", "lists");
        Check(reader, _trunks, trunkIds, "trunk", "trunks");

        var scopes = ConfigSchema.TrunkKinds.Words.Concat(trunkIds).ToArray();
        foreach (var (node, path, name) in _scopes)
        {
            if (!scopes.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = KeySuggester.Suggest(name, scopes);
                var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
                reader.Error(node, path,
                    $"'{name}' is neither a trunk kind ({string.Join(" | ", ConfigSchema.TrunkKinds.Words)}) nor a trunk id{hint}");
            }
        }
    }

    private static void Check(
        ConfigReader reader,
        List<(YamlNode Node, string Path, string Name)> references,
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
}
