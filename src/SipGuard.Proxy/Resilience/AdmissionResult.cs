namespace SipGuard.Proxy.Resilience;

internal enum AdmissionResult : byte
{
    Admitted,
    /// <summary>Admitted and counted against the concurrency limit: release it when the call is answered.</summary>
    AdmittedCounted,
    RateLimited,
    TooManyCalls,
}
