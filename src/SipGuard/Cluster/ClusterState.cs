using SipGuard.Admin;

namespace SipGuard.Cluster;

/// <summary>Whether this node reaches Redis, and since when not: read by <c>/readyz</c> and the metrics.</summary>
internal sealed class ClusterState(string endpoint) : IReadinessDetail
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _downSince;
    private string _reason = "";
    private DateTimeOffset? _lastSync;

    public bool IsUp
    {
        get
        {
            lock (_lock)
            {
                return _lastSync is not null && _downSince is null;
            }
        }
    }

    public void Up(DateTimeOffset now)
    {
        lock (_lock)
        {
            _downSince = null;
            _lastSync = now;
        }
    }

    /// <summary>Marks Redis unreachable; true on the transition (so it is logged once).</summary>
    public bool Down(DateTimeOffset now, string reason)
    {
        lock (_lock)
        {
            _reason = reason;
            if (_downSince is not null)
            {
                return false;
            }

            _downSince = now;
            return true;
        }
    }

    /// <summary>The line <c>/readyz</c> shows.</summary>
    public string Detail()
    {
        lock (_lock)
        {
            return _downSince is { } since
                ? $"cluster: redis {endpoint} unreachable since {since:O} ({_reason}); serving the last known lists, list changes refused"
                : _lastSync is { } last ? $"cluster: redis {endpoint} up, lists reconciled {last:O}" : $"cluster: redis {endpoint} not reached yet";
        }
    }
}
