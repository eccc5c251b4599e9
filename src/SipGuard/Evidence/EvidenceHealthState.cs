namespace SipGuard.Evidence;

/// <summary>Whether the writer's last write succeeded; receive threads read it, and <c>block</c> waits on it (bounded) to turn healthy again.</summary>
internal sealed class EvidenceHealthState : IEvidenceHealth
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _recovered = NewRecovery();
    private volatile bool _healthy = true;
    private string _detail = "ok";

    public bool Healthy => _healthy;

    public string Detail
    {
        get
        {
            lock (_gate)
            {
                return _detail;
            }
        }
    }

    /// <summary>False when the write failed again.</summary>
    public void Failing(string detail)
    {
        if (!_healthy)
        {
            return;
        }

        lock (_gate)
        {
            _recovered = NewRecovery();
            _detail = detail;
            _healthy = false;
        }
    }

    /// <returns>True when this changed the state (the log had been failing).</returns>
    public bool Recovered()
    {
        if (_healthy)
        {
            return false;
        }

        lock (_gate)
        {
            _detail = "ok";
            _healthy = true;
            _recovered.TrySetResult();
        }

        return true;
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the log to write again (synchronously: the observer contract is synchronous).</summary>
    public bool Wait(TimeSpan timeout, TimeProvider time)
    {
        Task recovered;
        lock (_gate)
        {
            recovered = _recovered.Task;
        }

        try
        {
            recovered.WaitAsync(timeout, time).GetAwaiter().GetResult();
            return _healthy;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static TaskCompletionSource NewRecovery() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
