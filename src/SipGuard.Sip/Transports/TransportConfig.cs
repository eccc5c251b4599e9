namespace SipGuard.Sip.Transports;

/// <summary>Transport settings from the config file (immutable; the host builds it from YAML).</summary>
public sealed record TransportConfig
{
    public IReadOnlyList<string> Listen { get; init; } = ["udp://127.0.0.1:5060", "tcp://127.0.0.1:5060"];

    /// <summary>Largest SIP message accepted on any transport; larger datagrams are dropped and counted.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024;

    /// <summary>UDP receive loops per listener; 0 means one per core.</summary>
    public int UdpReceiveLoops { get; init; }

    /// <summary>On Linux, one socket per loop with SO_REUSEPORT so the kernel spreads peers over loops.</summary>
    public bool UdpReusePort { get; init; } = true;

    /// <summary>SO_RCVBUF per UDP socket: absorbs bursts while a loop is busy (the kernel may cap it at rmem_max).</summary>
    public int UdpReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    public int TcpMaxConnections { get; init; } = 10_000;

    /// <summary>A TCP connection with no traffic in either direction for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Bytes queued on one TCP connection before it counts as stuck and is closed.</summary>
    public int TcpMaxPendingSendBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long closing waits for queued bytes to drain before aborting the connection.</summary>
    public TimeSpan TcpCloseDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an outbound connect may take before queued messages are dropped.</summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
