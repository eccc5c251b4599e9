using System.Text.RegularExpressions;
using SipGuard.Policy.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>
/// Loads the operator's YAML file into <see cref="SipGuardConfig"/>. Never throws for bad input: unreadable files,
/// YAML syntax errors, wrong types, unknown keys and dangling references all come back as located
/// <see cref="ConfigError"/>s, all of them at once.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>Reads and loads <paramref name="path"/>; list files are resolved against its folder.</summary>
    public static ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var error = new ConfigError(new ConfigLocation(path, 0, 0), "", $"cannot read the config file: {e.Message}");
            return new ConfigLoadResult(null, [error], SourceMapBuilder.Build(new ConfigReader(path), null));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Load(text, path, directory);
    }

    /// <summary>Loads YAML text; <paramref name="filePath"/> is only used in error lines.</summary>
    public static ConfigLoadResult Load(string yaml, string filePath, string baseDirectory)
    {
        var reader = new ConfigReader(filePath);
        var root = Parse(reader, yaml);
        var map = SourceMapBuilder.Build(reader, root);
        if (root is null)
        {
            return new ConfigLoadResult(null, reader.Errors, map);
        }

        var rootMap = reader.Map(root, "", ConfigSchema.Root);
        if (rootMap is null)
        {
            return new ConfigLoadResult(null, reader.Errors, map);
        }

        var refs = new ConfigReferences();
        var listFiles = new List<string>();
        var proxy = ProxySectionReader.Read(reader, rootMap, refs);
        var numbering = PolicySectionReader.ReadNumbering(reader, rootMap);
        var trunks = PolicySectionReader.ReadTrunks(reader, rootMap, refs);
        var special = PolicySectionReader.ReadSpecialUsers(reader, rootMap);
        var lists = PolicySectionReader.ReadLists(reader, rootMap, baseDirectory, refs, listFiles);
        var admin = HostSectionReader.ReadAdmin(reader, rootMap);
        var evidence = HostSectionReader.ReadEvidence(reader, rootMap, baseDirectory);

        refs.Check(
            reader,
            proxy.Upstreams.Select(u => u.Id).ToArray(),
            lists.Select(l => l.Id).ToArray(),
            trunks.Select(t => t.Id).ToArray());

        if (reader.Errors.Count > 0)
        {
            var sorted = reader.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
            return new ConfigLoadResult(null, sorted, map);
        }

        var policy = new PolicyConfig(numbering, trunks, special, lists, baseDirectory);
        var config = new SipGuardConfig(policy, proxy, admin, evidence, filePath, listFiles.Distinct().ToArray());
        return new ConfigLoadResult(config, [], map);
    }

    private static YamlNode? Parse(ConfigReader reader, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error(reader.Location(e.Start), "", $"YAML syntax: {SyntaxMessage(e)}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            reader.Error(new ConfigLocation(reader.FilePath, 1, 1), "", "the file is empty; see config/sipguard.yaml for a complete example");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode, "", "only one YAML document is allowed (remove the second '---')");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>YamlDotNet prefixes its messages with the marks we already print; keep only the words.</summary>
    private static string SyntaxMessage(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, "");
        if (e.InnerException is { } inner && message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            return $"{message} ({inner.Message})";
        }

        return message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
