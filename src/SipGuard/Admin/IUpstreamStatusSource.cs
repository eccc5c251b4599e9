namespace SipGuard.Admin;

/// <summary>
/// SEAM: where readiness and the upstream gauge learn whether upstreams are reachable. The default
/// (<see cref="ConfiguredUpstreamStatus"/>) calls every configured upstream reachable once the listeners are
/// up; the upstream-probe work replaces the registration with one backed by OPTIONS probe state.
/// </summary>
public interface IUpstreamStatusSource
{
    /// <summary>Every configured upstream, read at scrape or health-check time (not on the call path).</summary>
    IReadOnlyList<UpstreamStatus> Current();
}
