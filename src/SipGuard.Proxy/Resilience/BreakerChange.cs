namespace SipGuard.Proxy.Resilience;

/// <summary>What recording an outcome did to a breaker (so the caller logs a transition once).</summary>
internal enum BreakerChange : byte
{
    None,
    Opened,
    Closed,
}
