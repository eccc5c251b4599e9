namespace SipGuard.Configuration;

/// <summary>
/// Loads the operator's YAML file into <see cref="SipGuardConfig"/>. Never throws for bad input: unreadable files,
/// YAML syntax errors, wrong types, unknown keys and dangling references all come back as located
/// <see cref="ConfigError"/>s, all of them at once.
/// </summary>
public static class ConfigLoader
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
        var root = YamlDocumentParser.Parse(reader, yaml);
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
        var policy = PolicySectionReader.Read(reader, rootMap, baseDirectory, ConfigSchema.TrunkProxyKeys, listFiles);
        proxy = proxy with { TrunkUpstreams = TrunkUpstreamReader.Read(reader, rootMap, refs) };
        var tlsFiles = new List<string>();
        var (tls, trunkTlsNames) = TlsSectionReader.Read(reader, rootMap, baseDirectory, proxy, tlsFiles);
        proxy = proxy with { Tls = tls, TrunkTlsNames = trunkTlsNames };
        var admin = HostSectionReader.ReadAdmin(reader, rootMap, baseDirectory);
        var evidence = HostSectionReader.ReadEvidence(reader, rootMap, baseDirectory);
        var telemetry = HostSectionReader.ReadTelemetry(reader, rootMap);
        var cluster = ClusterSectionReader.Read(reader, rootMap, baseDirectory);
        var resolver = ResolverSectionReader.Read(reader, rootMap);

        refs.Check(reader, proxy.Upstreams.Select(u => u.Id).ToArray(), policy.Trunks.Select(t => t.Id).ToArray());

        if (reader.Errors.Count > 0)
        {
            tls.DisposeCertificates(); // loaded for a config that will never be in force
            var sorted = reader.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
            return new ConfigLoadResult(null, sorted, map);
        }

        var config = new SipGuardConfig(policy, proxy, admin, evidence, telemetry, filePath, listFiles.Distinct().ToArray())
        {
            Cluster = cluster,
            Resolver = resolver,
            TlsFiles = tlsFiles.Distinct().ToArray(),
        };
        return new ConfigLoadResult(config, [], map);
    }
}
