namespace SipGuard.Policy;

/// <summary>
/// Holds the current <see cref="PolicySnapshot"/> for a running proxy: a reload swaps it with one
/// volatile write; each call reads it once, so a call never sees half of two configs.
/// </summary>
public sealed class PolicyEngine
{
    private PolicySnapshot _current;

    /// <summary>Starts with <paramref name="initial"/>.</summary>
    /// <param name="initial">The first compiled snapshot.</param>
    public PolicyEngine(PolicySnapshot initial) => _current = initial;

    /// <summary>The snapshot in force; read it once per call.</summary>
    public PolicySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Installs a new snapshot; calls in flight finish on the old one.</summary>
    public void Swap(PolicySnapshot next) => Volatile.Write(ref _current, next);

    /// <summary>Decides one call attempt on the current snapshot. Zero allocation.</summary>
    public Decision Decide(in CallAttempt attempt) => Current.Decide(attempt);

    /// <summary>Decides and records every step; allocates.</summary>
    public PolicyTrace Explain(in CallAttempt attempt) => Current.Explain(attempt);
}
