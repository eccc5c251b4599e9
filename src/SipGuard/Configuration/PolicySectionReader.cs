using SipGuard.Policy.Configuration;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads <c>numbering</c>, <c>trunks</c>, <c>special_users</c> and <c>lists</c> into the policy engine's records.
/// Number patterns and CIDRs are only type-checked here: their meaning is the policy compiler's to judge.</summary>
internal static class PolicySectionReader
{
    public static NumberingConfig ReadNumbering(ConfigReader r, YamlMappingNode root)
    {
        var node = ConfigReader.Get(root, "numbering");
        if (node is null)
        {
            return NumberingConfig.Default;
        }

        var map = r.Map(node, "numbering", ConfigSchema.Numbering);
        var country = r.String(ConfigReader.Get(map, "country"), "numbering.country") ?? NumberingConfig.Default.Country;
        var service = Strings(r, ConfigReader.Get(map, "service_numbers"), "numbering.service_numbers");
        var ipAccessNode = ConfigReader.Get(map, "ip_access_prefixes");
        var ipAccess = ipAccessNode is null
            ? NumberingConfig.Default.IpAccessPrefixes
            : Strings(r, ipAccessNode, "numbering.ip_access_prefixes");
        return new NumberingConfig(country, service, ipAccess);
    }

    public static IReadOnlyList<TrunkConfig> ReadTrunks(ConfigReader r, YamlMappingNode root, ConfigReferences refs)
    {
        var node = r.Required(root, "", "trunks", "the lines SipGuard screens, keyed by name");
        if (node is null || r.Map(node, "trunks", allowedKeys: null) is not { } map)
        {
            return [];
        }

        var trunks = new List<TrunkConfig>();
        foreach (var (id, _, value) in r.Entries(map))
        {
            trunks.Add(ReadTrunk(r, id, value, $"trunks.{id}", refs));
        }

        return trunks;
    }

    private static TrunkConfig ReadTrunk(ConfigReader r, string id, YamlNode node, string path, ConfigReferences refs)
    {
        var map = r.Map(node, path, ConfigSchema.Trunk);
        if (map is null)
        {
            return new TrunkConfig(id, TrunkKind.PrivateLine, [], "", TrunkMode.Enforce, [], false, null, [], null);
        }

        var kind = r.Enum(
            r.Required(map, path, "kind", string.Join(" | ", ConfigSchema.TrunkKinds.Words)),
            $"{path}.kind",
            ConfigSchema.TrunkKinds) ?? TrunkKind.PrivateLine;

        var sourcesNode = r.Required(map, path, "sources", "CIDRs the line's calls come from, e.g. [ \"192.0.2.10/32\" ]");
        var sourceItems = r.StringList(sourcesNode, $"{path}.sources");
        foreach (var (value, itemNode, itemPath) in sourceItems)
        {
            // The compiler's own parser, here so a bad CIDR is reported with every other load error.
            if (!SipGuard.Policy.PolicyCompiler.IsValidSource(value, out var sourceError))
            {
                r.Error(itemNode, itemPath, sourceError ?? $"'{value}' is not a valid CIDR");
            }
        }

        var sources = sourceItems.Select(item => item.Value).ToArray();
        if (sourcesNode is YamlSequenceNode { Children.Count: 0 })
        {
            r.Error(sourcesNode, $"{path}.sources", "needs at least one source address");
        }

        var upstreamNode = r.Required(map, path, "upstream", "the name of an entry under 'upstreams:'");
        var upstream = r.String(upstreamNode, $"{path}.upstream") ?? "";
        if (upstreamNode is not null && upstream.Length > 0)
        {
            refs.Upstream(upstreamNode, $"{path}.upstream", upstream);
        }

        var mode = r.Enum(ConfigReader.Get(map, "mode"), $"{path}.mode", ConfigSchema.TrunkModes) ?? TrunkMode.Enforce;
        var allowed = Strings(r, ConfigReader.Get(map, "allowed_callers"), $"{path}.allowed_callers");
        var special = r.Bool(ConfigReader.Get(map, "special"), $"{path}.special") ?? false;
        var blockDomestic = r.Bool(ConfigReader.Get(map, "block_domestic_callers"), $"{path}.block_domestic_callers");

        var exemptions = new List<string>();
        foreach (var (value, itemNode, itemPath) in r.StringList(ConfigReader.Get(map, "domestic_exemptions"), $"{path}.domestic_exemptions"))
        {
            exemptions.Add(value);
            if (value.StartsWith(ConfigSchema.ListReferencePrefix, StringComparison.Ordinal))
            {
                refs.List(itemNode, itemPath, value[ConfigSchema.ListReferencePrefix.Length..].Trim());
            }
        }

        var assert = r.Bool(ConfigReader.Get(map, "assert_identity"), $"{path}.assert_identity") ?? false;
        var strip = r.Bool(ConfigReader.Get(map, "strip_untrusted_identity"), $"{path}.strip_untrusted_identity") ?? false;
        var forwarded = r.Bool(ConfigReader.Get(map, "allow_forwarded"), $"{path}.allow_forwarded") ?? false;
        var registration = ReadRegistration(r, ConfigReader.Get(map, "registration"), $"{path}.registration");

        return new TrunkConfig(id, kind, sources, upstream, mode, allowed, special, blockDomestic, exemptions, registration, assert, strip, forwarded);
    }

    private static RegistrationRecord? ReadRegistration(ConfigReader r, YamlNode? node, string path)
    {
        if (node is null || r.Map(node, path, ConfigSchema.Registration) is not { } map)
        {
            return null;
        }

        // One Get per key, spelled out, so the schema walk test sees each one read.
        return new RegistrationRecord(
            r.String(ConfigReader.Get(map, "customer"), $"{path}.customer"),
            r.String(ConfigReader.Get(map, "purpose"), $"{path}.purpose"),
            r.String(ConfigReader.Get(map, "line_type"), $"{path}.line_type"),
            r.String(ConfigReader.Get(map, "location"), $"{path}.location"),
            r.String(ConfigReader.Get(map, "peer_device"), $"{path}.peer_device"));
    }

    public static IReadOnlyList<string> ReadSpecialUsers(ConfigReader r, YamlMappingNode root) =>
        Strings(r, ConfigReader.Get(root, "special_users"), "special_users");

    /// <summary>Reads <c>lists</c>; a list file that does not exist (relative to the config folder) is an error here,
    /// so a reload never swaps in a config whose list silently vanished.</summary>
    public static IReadOnlyList<ListConfig> ReadLists(
        ConfigReader r, YamlMappingNode root, string baseDirectory, ConfigReferences refs, List<string> listFiles)
    {
        var node = ConfigReader.Get(root, "lists");
        if (node is null || r.Map(node, "lists", allowedKeys: null) is not { } map)
        {
            return [];
        }

        var lists = new List<ListConfig>();
        foreach (var (id, _, value) in r.Entries(map))
        {
            var path = $"lists.{id}";
            var entry = r.Map(value, path, ConfigSchema.List);
            if (entry is null)
            {
                continue;
            }

            var fileNode = r.Required(entry, path, "file", "the list's file, relative to the config file's folder");
            var file = r.String(fileNode, $"{path}.file") ?? "";
            if (fileNode is not null && file.Length > 0)
            {
                var full = Path.GetFullPath(Path.Combine(baseDirectory, file));
                listFiles.Add(full);
                if (!File.Exists(full))
                {
                    r.Error(fileNode, $"{path}.file", $"list file '{file}' does not exist (looked for {full})");
                }
            }

            var action = r.Enum(
                r.Required(entry, path, "action", string.Join(" | ", ConfigSchema.ListActions.Words)),
                $"{path}.action",
                ConfigSchema.ListActions) ?? ListAction.Reject;
            var code = r.Int(ConfigReader.Get(entry, "code"), $"{path}.code", 400, 699) ?? 608;
            // A grey list without its own words warns with its name, which operators choose to be readable.
            var tagNode = ConfigReader.Get(entry, "tag");
            var tag = r.String(tagNode, $"{path}.tag") ?? (action == ListAction.Tag ? id : null);
            WireStrings.Text(r, tagNode, $"{path}.tag", tag ?? "", WireStrings.MaxTagLabel);

            var appliesTo = new List<string>();
            foreach (var (scope, scopeNode, scopePath) in r.StringList(ConfigReader.Get(entry, "applies_to"), $"{path}.applies_to"))
            {
                appliesTo.Add(scope);
                refs.Scope(scopeNode, scopePath, scope);
            }

            lists.Add(new ListConfig(id, file, action, code, tag, appliesTo)
            {
                MaxShrink = r.Fraction(ConfigReader.Get(entry, "max_shrink"), $"{path}.max_shrink", "0.5") ?? ListConfig.DefaultMaxShrink,
                AllowEmpty = r.Bool(ConfigReader.Get(entry, "allow_empty"), $"{path}.allow_empty") ?? false,
            });
        }

        return lists;
    }

    private static IReadOnlyList<string> Strings(ConfigReader r, YamlNode? node, string path) =>
        r.StringList(node, path).Select(item => item.Value).ToArray();
}
