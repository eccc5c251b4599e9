using YamlDotNet.RepresentationModel;

namespace SipGuard.Policy.Yaml;

/// <summary>Walks a loaded YAML tree once and records where each config path starts.</summary>
internal static class SourceMapBuilder
{
    public static ConfigSourceMap Build(ConfigReader reader, YamlNode? root)
    {
        var values = new Dictionary<string, ConfigLocation>(StringComparer.Ordinal);
        var keys = new Dictionary<string, ConfigLocation>(StringComparer.Ordinal);
        if (root is not null)
        {
            Walk(reader, root, "", values, keys, depth: 0);
        }

        return new ConfigSourceMap(reader.FilePath, values, keys);
    }

    private static void Walk(
        ConfigReader reader,
        YamlNode node,
        string path,
        Dictionary<string, ConfigLocation> values,
        Dictionary<string, ConfigLocation> keys,
        int depth)
    {
        // Aliases can make a YAML tree a graph; the config is never this deep, so stop rather than loop.
        if (depth > 64)
        {
            return;
        }

        values.TryAdd(path, reader.Location(node));
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        var child = ConfigReader.Join(path, name);
                        keys.TryAdd(child, reader.Location(key));
                        Walk(reader, value, child, values, keys, depth + 1);
                    }
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(reader, sequence.Children[i], $"{path}[{i}]", values, keys, depth + 1);
                }

                break;
        }
    }
}
