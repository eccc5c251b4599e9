using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads <c>trunks.&lt;id&gt;.upstream</c>, the one trunk key that belongs to the proxy: the policy package
/// reads the rest of each trunk and knows nothing of upstreams.</summary>
internal static class TrunkUpstreamReader
{
    public static IReadOnlyDictionary<string, string> Read(ConfigReader r, YamlMappingNode root, ConfigReferences refs)
    {
        var upstreams = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ConfigReader.Get(root, "trunks") is not YamlMappingNode trunks)
        {
            return upstreams; // a missing or malformed 'trunks:' is the policy reader's error
        }

        foreach (var (id, _, value) in r.Entries(trunks))
        {
            if (value is not YamlMappingNode trunk)
            {
                continue;
            }

            var path = $"trunks.{id}";
            var node = r.Required(trunk, path, "upstream", "the name of an entry under 'upstreams:'");
            var upstream = r.String(node, $"{path}.upstream") ?? "";
            if (node is not null && upstream.Length > 0)
            {
                refs.Upstream(node, $"{path}.upstream", upstream);
            }

            upstreams[id] = upstream;
        }

        return upstreams;
    }
}
