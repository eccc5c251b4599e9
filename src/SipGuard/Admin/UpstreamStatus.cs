namespace SipGuard.Admin;

/// <summary>One upstream as seen by health checks and the <c>sipguard.upstream.up</c> gauge.</summary>
/// <param name="Id">The upstream's name in the config.</param>
/// <param name="Reachable">Whether calls can be sent to it now.</param>
public readonly record struct UpstreamStatus(string Id, bool Reachable);
