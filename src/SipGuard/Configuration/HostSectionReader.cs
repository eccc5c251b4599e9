using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads the host's own keys: <c>admin</c>, <c>evidence</c> and <c>telemetry</c>.</summary>
internal static class HostSectionReader
{
    /// <summary><c>admin</c>: an address, <c>off</c>, or a map <c>{ address, token_file, runtime_lists }</c>.</summary>
    public static AdminConfig ReadAdmin(ConfigReader r, YamlMappingNode root, string baseDirectory)
    {
        var node = ConfigReader.Get(root, "admin");
        if (node is YamlMappingNode)
        {
            var map = r.Map(node, "admin", ConfigSchema.Admin);
            var addressNode = ConfigReader.Get(map, "address");
            var listen = ReadAdminAddress(r, addressNode, "admin.address");
            var tokens = ReadTokens(r, ConfigReader.Get(map, "token_file"), baseDirectory);
            var dir = r.String(ConfigReader.Get(map, "runtime_lists"), "admin.runtime_lists");
            return new AdminConfig(listen, tokens, dir is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, dir)));
        }

        return new AdminConfig(ReadAdminAddress(r, node, "admin"));
    }

    private static Uri? ReadAdminAddress(ConfigReader r, YamlNode? node, string path)
    {
        var text = r.String(node, path);
        if (text is null)
        {
            return AdminConfig.DefaultListen;
        }

        if (text is "off" or "false")
        {
            return null;
        }

        if (!EndpointSyntax.TryParseAdmin(text, out var uri, out var error))
        {
            r.Error(node!, path, error);
            return AdminConfig.DefaultListen;
        }

        if (uri!.Scheme == "https")
        {
            r.Error(node!, path, $"'{text}': https is not built into the admin server; serve http on loopback, or put a TLS proxy in front");
            return AdminConfig.DefaultListen;
        }

        return uri;
    }

    private static Dictionary<string, string> ReadTokens(ConfigReader r, YamlNode? node, string baseDirectory)
    {
        var file = r.String(node, "admin.token_file");
        if (file is null)
        {
            return new Dictionary<string, string>();
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, file));
        if (AdminTokenFile.Read(path, out var error, out _) is { } tokens)
        {
            return tokens;
        }

        r.Error(node!, "admin.token_file", error);
        return new Dictionary<string, string>();
    }

    public static EvidenceConfig ReadEvidence(ConfigReader r, YamlMappingNode root, string baseDirectory)
    {
        var map = ConfigReader.Get(root, "evidence") is { } node ? r.Map(node, "evidence", ConfigSchema.Evidence) : null;
        var dir = r.String(ConfigReader.Get(map, "dir"), "evidence.dir") ?? EvidenceConfig.DefaultDirectory;
        var size = r.Int(ConfigReader.Get(map, "max_file_mb"), "evidence.max_file_mb", 1, 65_536) ?? EvidenceConfig.DefaultMaxFileMegabytes;
        var overflow = r.Enum(ConfigReader.Get(map, "on_overflow"), "evidence.on_overflow", ConfigSchema.Overflows) ?? EvidenceOverflow.Block;
        var every = r.Int(ConfigReader.Get(map, "checkpoint_every"), "evidence.checkpoint_every", 1, 1_000_000) ?? EvidenceConfig.DefaultCheckpointEvery;
        var sample = ReadShare(r, ConfigReader.Get(map, "sample_allowed"), "evidence.sample_allowed");
        var keyNode = ConfigReader.Get(map, "signing_key");
        var key = r.String(keyNode, "evidence.signing_key") is { } keyPath ? Path.GetFullPath(Path.Combine(baseDirectory, keyPath)) : null;
        if (key is not null && Evidence.SigningKeyCheck.Problem(key) is { } problem)
        {
            r.Error(keyNode!, "evidence.signing_key", problem);
        }

        return new EvidenceConfig(Path.GetFullPath(Path.Combine(baseDirectory, dir)), size, overflow, key, every, sample);
    }

    private static double ReadShare(ConfigReader r, YamlNode? node, string path)
    {
        if (r.String(node, path) is not { } text)
        {
            return 0;
        }

        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1)
        {
            return share;
        }

        r.Error(node!, path, $"expected a share of calls between 0 and 1 (e.g. 0.01), got '{text}'");
        return 0;
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
