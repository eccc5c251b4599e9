namespace SipGuard.Proxy.Configuration;

/// <summary>
/// Everything the proxy core needs from the operator's file, as written: where to listen, where accepted
/// calls go, how responses and routing behave, and the resource limits. Validated by the host's loader
/// (types, references, URIs); compiled by the proxy into its runtime snapshot.
/// </summary>
/// <param name="Listeners">YAML <c>listen</c>: one socket per entry.</param>
/// <param name="Upstreams">YAML <c>upstreams</c>: named groups of targets trunks forward to.</param>
/// <param name="RecordRoute">YAML <c>proxy.record_route</c>: insert Record-Route so in-dialog requests
/// come back through SipGuard (needed to keep screening the dialog's peers; default true).</param>
/// <param name="MaxTransactions">YAML <c>proxy.max_transactions</c>: server transactions kept at once; beyond
/// that new INVITEs get 503 instead of growing memory without bound.</param>
/// <param name="DrainTimeout">YAML <c>proxy.drain_timeout</c>: on shutdown, how long open transactions may finish.</param>
/// <param name="ServerHeader">YAML <c>proxy.server_header</c>: value of the Server header on local replies; null = none.</param>
/// <param name="WarnAgent">YAML <c>proxy.warn_agent</c>: the host in <c>Warning: 399 &lt;host&gt; "reason"</c>.</param>
/// <param name="Inbound">YAML <c>proxy.inbound</c>: calls arriving from an upstream and which trunk they leave by.</param>
/// <param name="Limits">YAML <c>limits</c>.</param>
public sealed record ProxyConfig(
    IReadOnlyList<ListenerConfig> Listeners,
    IReadOnlyList<UpstreamConfig> Upstreams,
    bool RecordRoute,
    int MaxTransactions,
    TimeSpan DrainTimeout,
    string? ServerHeader,
    string WarnAgent,
    IReadOnlyList<InboundRouteConfig> Inbound,
    LimitsConfig Limits)
{
    public const int DefaultMaxTransactions = 100_000;
    public const string DefaultWarnAgent = "sipguard";
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Timer B: how long an INVITE waits for any response from upstream before the caller gets 408 (YAML <c>proxy.invite_timeout</c>).</summary>
    public TimeSpan InviteTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>Timer C: how long a ringing INVITE waits for its final response before it is cancelled (YAML <c>proxy.ring_timeout</c>).</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a finished transaction stays to absorb retransmissions (YAML <c>proxy.linger</c>; RFC 3261 uses 32 s).</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The header a grey-listed call carries its warning label in (YAML <c>proxy.tag_header</c>).</summary>
    public string TagHeader { get; init; } = "X-SipGuard-Warning";

    /// <summary>YAML <c>trunks.&lt;id&gt;.upstream</c>: where each trunk's accepted calls go, by trunk id (the policy has no upstreams).</summary>
    public IReadOnlyDictionary<string, string> TrunkUpstreams { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// YAML <c>tls</c>, <c>upstreams.&lt;id&gt;.tls</c>: the certificates TLS listeners present and
    /// verify clients with, and how each TLS upstream target is verified; loaded from their files.
    /// </summary>
    public Sip.Transports.Tls.TlsSettings Tls { get; init; } = Sip.Transports.Tls.TlsSettings.None;

    /// <summary>
    /// YAML <c>trunks.&lt;id&gt;.tls_names</c>: a trunk listed here takes requests only over TLS from a
    /// verified client certificate carrying one of these names, by trunk id.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TrunkTlsNames { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Remove <c>Server</c> and <c>User-Agent</c> from every request and response SipGuard relays (YAML <c>proxy.strip_user_agent</c>).</summary>
    public bool StripUserAgent { get; init; }

    /// <summary>YAML <c>role</c>: proxy (forward screened calls) or redirect (answer them 302 or the rejection, docs/redirect.md).</summary>
    public ProxyRole Role { get; init; } = ProxyRole.Proxy;
}
