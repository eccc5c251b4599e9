using System.Security.Cryptography;
using System.Text;
using SipGuard.Configuration;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Hosting;

/// <summary>
/// The version of a compiled config: the first 12 hex digits of a SHA-256 over the config file's shared keys (as
/// parsed YAML, so comments and blank lines do not count), every list file's bytes and the runtime list entries
/// (sorted). Keys that differ from node to node by design (<c>listen</c>, <c>admin</c>, <c>cluster</c>,
/// <c>evidence</c>, <c>telemetry</c>, <c>resolver</c>) are left out, so nodes of one cluster with the same policy report the same
/// version and a node whose trunks, limits or lists differ shows as drift.
/// </summary>
internal static class ConfigVersion
{
    private static readonly string[] NodeLocalKeys = ["listen", "admin", "cluster", "evidence", "telemetry", "resolver"];

    public static string Of(SipGuardConfig config, IReadOnlyDictionary<string, IReadOnlyList<string>> runtime)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendSharedYaml(hash, config.FilePath);
        foreach (var list in config.Policy.Lists)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("\nlist " + list.Id + "\n"));
            var path = Path.GetFullPath(list.File, config.Policy.BaseDirectory);
            AppendFile(hash, path);

            if (runtime.TryGetValue(list.Id, out var entries))
            {
                foreach (var entry in entries.Order(StringComparer.Ordinal))
                {
                    hash.AppendData(Encoding.UTF8.GetBytes("\nruntime " + entry));
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static void AppendFile(IncrementalHash hash, string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The compile has just read the list; if it vanished since, the next reload hashes what is there.
            hash.AppendData(Encoding.UTF8.GetBytes("unreadable"));
        }
    }

    private static void AppendSharedYaml(IncrementalHash hash, string configPath)
    {
        if (!File.Exists(configPath))
        {
            return;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(configPath);
            stream.Load(reader);
        }
        catch (Exception e) when (e is IOException or YamlDotNet.Core.YamlException)
        {
            // The loader has just read this file; a failure here means it changed meanwhile: the next reload hashes it.
            return;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return;
        }

        foreach (var (key, value) in root.Children.OrderBy(c => (c.Key as YamlScalarNode)?.Value, StringComparer.Ordinal))
        {
            if (key is YamlScalarNode { Value: { } name } && NodeLocalKeys.Contains(name))
            {
                continue;
            }

            using var writer = new StringWriter();
            new YamlStream(new YamlDocument(new YamlMappingNode(key, value))).Save(writer, assignAnchors: false);
            hash.AppendData(Encoding.UTF8.GetBytes(writer.ToString()));
        }
    }
}
