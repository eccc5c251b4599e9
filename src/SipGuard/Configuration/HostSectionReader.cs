using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads the host's own keys: <c>admin</c>, <c>evidence</c> and <c>telemetry</c>.</summary>
internal static class HostSectionReader
{
    public static AdminConfig ReadAdmin(ConfigReader r, YamlMappingNode root)
    {
        var node = ConfigReader.Get(root, "admin");
        var text = r.String(node, "admin");
        if (text is null)
        {
            return AdminConfig.Default;
        }

        if (text is "off" or "false")
        {
            return new AdminConfig(null);
        }

        if (!EndpointSyntax.TryParseAdmin(text, out var uri, out var error))
        {
            r.Error(node!, "admin", error);
            return AdminConfig.Default;
        }

        return new AdminConfig(uri);
    }

    public static EvidenceConfig ReadEvidence(ConfigReader r, YamlMappingNode root, string baseDirectory)
    {
        var map = ConfigReader.Get(root, "evidence") is { } node ? r.Map(node, "evidence", ConfigSchema.Evidence) : null;
        var dir = r.String(ConfigReader.Get(map, "dir"), "evidence.dir") ?? EvidenceConfig.DefaultDirectory;
        var size = r.Int(ConfigReader.Get(map, "max_file_mb"), "evidence.max_file_mb", 1, 65_536) ?? EvidenceConfig.DefaultMaxFileMegabytes;
        var overflow = r.Enum(ConfigReader.Get(map, "on_overflow"), "evidence.on_overflow", ConfigSchema.Overflows) ?? EvidenceOverflow.Block;
        return new EvidenceConfig(Path.GetFullPath(Path.Combine(baseDirectory, dir)), size, overflow);
    }

    public static TelemetryConfig ReadTelemetry(ConfigReader r, YamlMappingNode root)
    {
        var map = ConfigReader.Get(root, "telemetry") is { } node ? r.Map(node, "telemetry", ConfigSchema.Telemetry) : null;
        var endpointNode = ConfigReader.Get(map, "otlp_endpoint");
        var endpointText = r.String(endpointNode, "telemetry.otlp_endpoint");
        Uri? endpoint = null;
        if (endpointText is not null and not ("off" or "false" or ""))
        {
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                r.Error(endpointNode!, "telemetry.otlp_endpoint", $"'{endpointText}' is not an http URL; write e.g. http://127.0.0.1:4317 (or off)");
                endpoint = null;
            }
        }

        var sampling = r.Fraction(ConfigReader.Get(map, "trace_sampling"), "telemetry.trace_sampling", "0.01") ?? TelemetryConfig.DefaultTraceSampling;

        return new TelemetryConfig(endpoint, sampling);
    }
}
