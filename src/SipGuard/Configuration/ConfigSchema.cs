using SipGuard.Proxy.Configuration;

namespace SipGuard.Configuration;

/// <summary>The keys valid at each place of the file and the words each enum accepts; the single source the
/// loader, the "did you mean" hints and the annotated default config agree on. The policy sections' keys are the
/// policy package's <see cref="PolicySchema"/>.</summary>
internal static class ConfigSchema
{
    public static readonly string[] Root =
        ["role", "listen", "tls", "numbering", "upstreams", "trunks", "special_users", "lists", "admin", "proxy", "evidence", "limits", "telemetry", "cluster", "resolver"];

    /// <summary>The root <c>tls</c> section: what every <c>tls://</c> listener presents and whom it believes.</summary>
    public static readonly string[] Tls = ["certificate", "key", "client_ca", "require_client_certificate"];

    public static readonly string[] Upstream = ["targets", "failover_codes", "probe", "try_timeout", "breaker", "trusted", "tls"];

    public static readonly string[] UpstreamTls = ["ca", "server_name"];

    public static readonly string[] Breaker = ["failures_before_open", "open_for", "failure_rate", "min_answers", "window"];

    public static readonly string[] UpstreamTarget = ["uri", "priority", "weight"];

    public static readonly string[] Probe = ["interval", "timeout", "failures_before_down"];

    /// <summary>The keys of a trunk the host reads itself, on top of the policy's (<see cref="PolicySchema.Trunk"/>).</summary>
    public static readonly string[] TrunkProxyKeys = ["upstream", "tls_names"];

    public static readonly string[] Proxy = ["record_route", "max_transactions", "drain_timeout", "server_header", "warn_agent", "inbound", "invite_timeout", "ring_timeout", "linger", "tag_header", "strip_user_agent"];

    public static readonly string[] InboundRoute = ["from_upstream", "to_trunk", "target"];

    public static readonly string[] Admin = ["address", "token_file", "runtime_lists"];
    public static readonly string[] Cluster = ["redis", "node", "key_prefix", "password_file", "tls"];

    public static readonly string[] Evidence = ["dir", "max_file_mb", "on_overflow", "signing_key", "checkpoint_every", "sample_allowed"];

    public static readonly string[] Resolver = ["servers", "timeout"];

    public static readonly string[] Telemetry = ["otlp_endpoint", "trace_sampling"];

    public static readonly string[] Limits = ["max_message_bytes", "max_headers", "max_tcp_connections", "max_tcp_connections_per_source",
        "tcp_message_timeout", "tcp_idle_timeout", "max_calls_per_second", "max_transactions_per_trunk", "trunks", "flood"];

    public static readonly string[] TrunkLimit = ["calls_per_second", "concurrent_calls", "response", "max_transactions"];

    public static readonly string[] Flood = ["requests", "window", "block_for"];

    public static readonly EnumWords<ProxyRole> Roles = new(
        ("proxy", ProxyRole.Proxy),
        ("redirect", ProxyRole.Redirect));

    public static readonly EnumWords<EvidenceOverflow> Overflows = new(
        ("block", EvidenceOverflow.Block),
        ("reject", EvidenceOverflow.Reject));
}
