namespace SipGuard.Admin;

/// <summary>The verdict of <c>/readyz</c>: ready, or the first reason why not (plain text for the operator).</summary>
internal readonly record struct Readiness(bool Ready, string Reason)
{
    /// <summary>Ready when a config is loaded, the listeners are bound and at least one upstream is reachable.</summary>
    /// <param name="accepting">Listeners bound and not draining.</param>
    public static Readiness Evaluate(bool configLoaded, bool accepting, IReadOnlyList<UpstreamStatus> upstreams)
    {
        if (!configLoaded)
        {
            return new(false, "no config loaded");
        }

        if (!accepting)
        {
            return new(false, "listeners not up, or draining");
        }

        if (upstreams.Count == 0)
        {
            return new(false, "no upstream configured");
        }

        foreach (var upstream in upstreams)
        {
            if (upstream.Reachable)
            {
                return new(true, "ready");
            }
        }

        return new(false, "no upstream reachable");
    }
}
