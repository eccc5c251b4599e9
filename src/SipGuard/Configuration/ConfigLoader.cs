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
        var admin = HostSectionReader.ReadAdmin(reader, rootMap, baseDirectory);
        var evidence = HostSectionReader.ReadEvidence(reader, rootMap, baseDirectory);
        var telemetry = HostSectionReader.ReadTelemetry(reader, rootMap);
        var cluster = ClusterSectionReader.Read(reader, rootMap, baseDirectory);

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
        var config = new SipGuardConfig(policy, proxy, admin, evidence, telemetry, filePath, listFiles.Distinct().ToArray()) { Cluster = cluster };
        return new ConfigLoadResult(config, [], map);
    }

    private static YamlNode? Parse(ConfigReader reader, string yaml)
    {
        if (!YamlShapeCheck.Check(reader, yaml))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error(SyntaxLocation(reader, yaml, e), "", $"YAML syntax: {SyntaxMessage(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed inputs (an unclosed '[' running into block content) fail inside YamlDotNet without a
            // mark; replay the parser event by event to find the last place that still made sense.
            reader.Error(LastGoodMark(reader, yaml), "", "YAML syntax: malformed YAML after this point (an unclosed '[' or '{', or a value where a key was expected)");
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
        const string Duplicate = "Duplicate key ";
        if (message.StartsWith(Duplicate, StringComparison.Ordinal))
        {
            return $"duplicate key '{message[Duplicate.Length..]}': a key may appear only once in a map";
        }

        return message;
    }

    /// <summary>YamlDotNet reports a tab in indentation at the start of the enclosing block; point at the tab instead.</summary>
    private static ConfigLocation SyntaxLocation(ConfigReader reader, string yaml, YamlException e)
    {
        var location = reader.Location(e.Start);
        if (!e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return location;
        }

        var lines = yaml.Split('\n');
        for (var i = Math.Max(0, location.Line - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = 0;
            while (indent < line.Length && line[indent] is ' ' or '\t')
            {
                if (line[indent] == '\t')
                {
                    return new ConfigLocation(reader.FilePath, i + 1, indent + 1);
                }

                indent++;
            }
        }

        return location;
    }

    private static ConfigLocation LastGoodMark(ConfigReader reader, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = new ConfigLocation(reader.FilePath, 1, 1);
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is { } current)
                {
                    last = reader.Location(current.Start);
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The mark of the last event that parsed is what we wanted.
        }

        return last;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
