namespace SipGuard.Proxy.Resilience;

internal enum FloodVerdict : byte
{
    Allow,
    /// <summary>This request crossed the threshold: the source is blocked from now on (log it once).</summary>
    JustBlocked,
    Blocked,
}
