namespace SipGuard.Admin;

/// <summary>The verdict of <c>/readyz</c>: ready, or the first reason why not (plain text for the operator).</summary>
internal readonly record struct Readiness(bool Ready, string Reason)
{
    /// <summary>Ready when a config is loaded, the listeners are bound and at least one upstream is reachable.</summary>
    public static Readiness Evaluate(bool configLoaded, bool listenersUp, IReadOnlyList<UpstreamStatus> upstreams)
    {
        if (!configLoaded)
        {
            return new(false, "no config loaded");
        }

        if (!listenersUp)
        {
            return new(false, "listeners not up");
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
