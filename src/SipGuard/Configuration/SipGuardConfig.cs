using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;

namespace SipGuard.Configuration;

/// <summary>The whole operator file, loaded and validated but not compiled: one immutable record per layer.</summary>
/// <param name="Policy">Numbering, trunks, special users and lists for the caller-authentication engine.</param>
/// <param name="Proxy">Listeners, upstreams, routing and limits for the proxy core.</param>
/// <param name="Admin">The admin/metrics HTTP endpoint.</param>
/// <param name="Evidence">Where rejected INVITEs are recorded.</param>
/// <param name="Telemetry">OTLP export and trace sampling.</param>
/// <param name="FilePath">The config file as the operator named it (used in error lines).</param>
/// <param name="ListFiles">Absolute paths of every list file, so hot reload can watch them.</param>
public sealed record SipGuardConfig(
    PolicyConfig Policy,
    ProxyConfig Proxy,
    AdminConfig Admin,
    EvidenceConfig Evidence,
    TelemetryConfig Telemetry,
    string FilePath,
    IReadOnlyList<string> ListFiles)
{
    /// <summary>The <c>cluster</c> section (shared runtime lists through Redis); null: the node stands alone.</summary>
    public ClusterConfig? Cluster { get; init; }

    /// <summary>The <c>resolver</c> section: the DNS servers upstream target names are looked up with.</summary>
    public ResolverConfig Resolver { get; init; } = ResolverConfig.System;

    /// <summary>Absolute paths of the certificate, key and CA files the TLS sections name, so a changed certificate reloads.</summary>
    public IReadOnlyList<string> TlsFiles { get; init; } = [];
}
