namespace SipGuard.Proxy.Configuration;

/// <summary>Resource limits checked before work is done (YAML <c>limits</c>).</summary>
/// <param name="MaxMessageBytes">Larger datagrams or TCP messages are dropped (UDP) or answered 513.</param>
/// <param name="MaxHeaders">Messages with more header fields are answered 400 without further parsing.</param>
/// <param name="MaxTcpConnections">Accepted TCP/TLS connections kept at once.</param>
/// <param name="MaxCallsPerSecond">New INVITEs accepted per second over all trunks; 0 = unlimited.</param>
public sealed record LimitsConfig(int MaxMessageBytes, int MaxHeaders, int MaxTcpConnections, int MaxCallsPerSecond)
{
    public static LimitsConfig Default { get; } = new(65_535, 128, 1_024, 0);

    /// <summary>Accepted TCP connections one source address may hold at once (YAML <c>limits.max_tcp_connections_per_source</c>).</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 16;

    /// <summary>Deadline for a whole TCP message, headers and body, from its first byte (YAML <c>limits.tcp_message_timeout</c>).</summary>
    public TimeSpan TcpMessageTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A TCP connection with no complete message or keep-alive for this long is closed (YAML <c>limits.tcp_idle_timeout</c>).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Transactions one trunk may hold in the transaction table at once, unless its
    /// <c>limits.trunks.&lt;t&gt;.max_transactions</c> says otherwise (YAML <c>limits.max_transactions_per_trunk</c>); 0 = unlimited.
    /// </summary>
    public int MaxTransactionsPerTrunk { get; init; } = 50_000;

    /// <summary>Per-trunk admission limits (YAML <c>limits.trunks</c>).</summary>
    public IReadOnlyList<TrunkLimitConfig> Trunks { get; init; } = [];

    /// <summary>Per-source flood detection (YAML <c>limits.flood</c>); null = off.</summary>
    public FloodConfig? Flood { get; init; }
}
