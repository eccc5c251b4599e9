using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads <c>cluster: { redis, node, key_prefix, password_file, tls }</c>.</summary>
internal static class ClusterSectionReader
{
    public static ClusterConfig? Read(ConfigReader r, YamlMappingNode root, string baseDirectory)
    {
        if (ConfigReader.Get(root, "cluster") is not { } node || ConfigReader.IsNull(node))
        {
            return null;
        }

        if (r.Map(node, "cluster", ConfigSchema.Cluster) is not { } map)
        {
            return null;
        }

        var redisNode = r.Required(map, "cluster", "redis", "the Redis server as HOST:PORT, e.g. 127.0.0.1:6379");
        var nodeNode = r.Required(map, "cluster", "node", "this node's name, unique in the cluster");
        var (host, port) = ReadEndpoint(r, redisNode);
        var name = r.String(nodeNode, "cluster.node");
        if (name is not null && !IsNodeName(name))
        {
            r.Error(nodeNode!, "cluster.node", $"'{name}' is not a node name; use 1 to 64 letters, digits, '-', '_' or '.'");
            name = null;
        }

        var prefixNode = ConfigReader.Get(map, "key_prefix");
        var prefix = r.String(prefixNode, "cluster.key_prefix") ?? ClusterConfig.DefaultKeyPrefix;
        if (prefix.Length is 0 or > 64 || prefix.Any(char.IsWhiteSpace))
        {
            r.Error(prefixNode!, "cluster.key_prefix", $"'{prefix}' is not a key prefix; use 1 to 64 characters without spaces, e.g. sipguard:");
        }

        var password = ReadPassword(r, ConfigReader.Get(map, "password_file"), baseDirectory);
        var tls = r.Bool(ConfigReader.Get(map, "tls"), "cluster.tls") ?? false;
        return host is null || name is null ? null : new ClusterConfig(host, port, name, prefix, password, tls);
    }

    private static (string? Host, int Port) ReadEndpoint(ConfigReader r, YamlNode? node)
    {
        var text = r.String(node, "cluster.redis");
        if (text is null)
        {
            return (null, 0);
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        if (colon <= 0 || host.Length == 0 || host.Contains('/', StringComparison.Ordinal) ||
            !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
        {
            r.Error(node!, "cluster.redis", $"'{text}' is not HOST:PORT; write e.g. 127.0.0.1:6379");
            return (null, 0);
        }

        return (host, port);
    }

    private static string? ReadPassword(ConfigReader r, YamlNode? node, string baseDirectory)
    {
        var file = r.String(node, "cluster.password_file");
        if (file is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, file));
        try
        {
            var password = File.ReadAllText(path).Trim();
            if (password.Length == 0)
            {
                r.Error(node!, "cluster.password_file", $"{path} is empty; write the Redis password on its first line");
                return null;
            }

            return password;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            r.Error(node!, "cluster.password_file", $"cannot read password file {path}: {e.Message}");
            return null;
        }
    }

    private static bool IsNodeName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
