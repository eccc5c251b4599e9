namespace SipGuard.Proxy.Transactions;

/// <summary>RFC 3261 timer values (Table 4) and the proxy's own bounds; immutable, from config.</summary>
internal sealed record TimerSettings(TimeSpan T1, TimeSpan T2, TimeSpan T4, TimeSpan InviteTimeout, TimeSpan RingTimeout)
{
    public static TimerSettings Default { get; } = new(
        TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(32), TimeSpan.FromMinutes(3));

    /// <summary>64·T1: Timers B, F, H, J, L and D (32 s by default).</summary>
    public TimeSpan TransactionLifetime => T1 * 64;
}
