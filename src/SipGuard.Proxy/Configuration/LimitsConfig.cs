namespace SipGuard.Proxy.Configuration;

/// <summary>Resource limits checked before work is done (YAML <c>limits</c>).</summary>
/// <param name="MaxMessageBytes">Larger datagrams or TCP messages are dropped (UDP) or answered 513.</param>
/// <param name="MaxHeaders">Messages with more header fields are answered 400 without further parsing.</param>
/// <param name="MaxTcpConnections">Accepted TCP/TLS connections kept at once.</param>
/// <param name="MaxCallsPerSecond">New INVITEs accepted per second over all trunks; 0 = unlimited.</param>
public sealed record LimitsConfig(int MaxMessageBytes, int MaxHeaders, int MaxTcpConnections, int MaxCallsPerSecond)
{
    public static LimitsConfig Default { get; } = new(65_535, 128, 1_024, 0);

    /// <summary>Per-trunk admission limits (YAML <c>limits.trunks</c>).</summary>
    public IReadOnlyList<TrunkLimitConfig> Trunks { get; init; } = [];

    /// <summary>Per-source flood detection (YAML <c>limits.flood</c>); null = off.</summary>
    public FloodConfig? Flood { get; init; }
}
