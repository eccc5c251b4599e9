namespace SipGuard.Proxy.Transactions;

/// <summary>RFC 3261 timer values (Table 4) and the proxy's own bounds; immutable, from config.</summary>
/// <param name="Linger">
/// How long a finished transaction stays to absorb retransmissions (Timers D, J and RFC 6026's L).
/// RFC 3261 says 64·T1 = 32 s; like Kamailio's wait timer SipGuard defaults to 5 s, which still
/// covers the first four retransmissions (0.5, 1, 2, 4 s) and lets a table of N slots carry
/// N / (2 · 5 s) calls per second instead of N / 64.
/// </param>
internal sealed record TimerSettings(TimeSpan T1, TimeSpan T2, TimeSpan T4, TimeSpan InviteTimeout, TimeSpan RingTimeout, TimeSpan Linger)
{
    public static TimerSettings Default { get; } = new(
        TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(32), TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(5));

    /// <summary>64·T1: Timers F and H (32 s by default).</summary>
    public TimeSpan TransactionLifetime => T1 * 64;
}
