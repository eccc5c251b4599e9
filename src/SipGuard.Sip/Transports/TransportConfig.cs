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

    /// <summary>Accepted TCP connections one source address may hold at once; more are reset at accept.</summary>
    public int TcpMaxConnectionsPerSource { get; init; } = 16;

    /// <summary>
    /// Time from the first byte of a message (and, on an accepted connection, from the accept) until
    /// the whole message, headers and body, has arrived; a connection that misses it is closed.
    /// </summary>
    public TimeSpan TcpMessageTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A TCP connection that has carried no complete message or CRLFCRLF keep-alive in either
    /// direction for this long is closed; stray bytes do not count as traffic.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Bytes queued on one TCP connection before it counts as stuck and is closed.</summary>
    public int TcpMaxPendingSendBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long closing waits for queued bytes to drain before aborting the connection.</summary>
    public TimeSpan TcpCloseDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an outbound connect may take before queued messages are dropped.</summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
