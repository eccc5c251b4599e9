namespace SipGuard.Policy.Yaml;

/// <summary>
/// Reads the policy sections of a SipGuard YAML config (<c>numbering</c>, <c>trunks</c>, <c>special_users</c>,
/// <c>lists</c>) with the rules SipGuard itself uses. Never throws for bad input: unreadable files, YAML syntax
/// errors, wrong types, unknown keys (with a "did you mean"), missing list files and dangling list references all
/// come back as <see cref="ConfigError"/>s located by file, line and column, all of them at once.
/// </summary>
public static class PolicyConfigLoader
{
    /// <summary>Reads and loads <paramref name="path"/>; list files are resolved against its folder.</summary>
    /// <param name="path">The YAML file, as it should appear in error lines.</param>
    /// <param name="options">Sections and trunk keys other readers of the file own; null for a policy-only file.</param>
    public static PolicyConfigLoadResult LoadFile(string path, PolicyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reader = new ConfigReader(path);
            reader.Error(new ConfigLocation(path, 0, 0), "", $"cannot read the config file: {e.Message}");
            return new PolicyConfigLoadResult(null, reader.Errors, SourceMapBuilder.Build(reader, null), []);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Load(text, path, directory, options);
    }

    /// <summary>Loads YAML text.</summary>
    /// <param name="yaml">The document.</param>
    /// <param name="filePath">Only used in error lines.</param>
    /// <param name="baseDirectory">Folder that relative list file paths are resolved against.</param>
    /// <param name="options">Sections and trunk keys other readers of the file own; null for a policy-only file.</param>
    public static PolicyConfigLoadResult Load(string yaml, string filePath, string baseDirectory, PolicyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        options ??= PolicyLoadOptions.Default;
        var reader = new ConfigReader(filePath);
        var root = YamlDocumentParser.Parse(reader, yaml);
        var map = SourceMapBuilder.Build(reader, root);
        var rootMap = root is null ? null : reader.Map(root, "", [.. PolicySchema.Sections, .. options.OtherSections]);
        if (rootMap is null)
        {
            return new PolicyConfigLoadResult(null, reader.Errors, map, []);
        }

        var listFiles = new List<string>();
        var config = PolicySectionReader.Read(reader, rootMap, baseDirectory, options.OtherTrunkKeys, listFiles);
        if (reader.Errors.Count > 0)
        {
            var sorted = reader.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
            return new PolicyConfigLoadResult(null, sorted, map, []);
        }

        return new PolicyConfigLoadResult(config, [], map, listFiles.Distinct().ToArray());
    }
}
