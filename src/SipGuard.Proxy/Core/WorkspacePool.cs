namespace SipGuard.Proxy.Core;

/// <summary>
/// A small pool of <see cref="ProxyWorkspace"/>s: one per concurrently running receive loop or
/// timer callback. A lock-protected stack: uncontended most of the time, and never allocates once
/// warm.
/// </summary>
internal sealed class WorkspacePool
{
    private readonly Stack<ProxyWorkspace> _free = new();
    private readonly int _maxMessageSize;

    public WorkspacePool(int maxMessageSize) => _maxMessageSize = maxMessageSize;

    public ProxyWorkspace Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var workspace))
            {
                return workspace;
            }
        }

        return new ProxyWorkspace(_maxMessageSize);
    }

    public void Return(ProxyWorkspace workspace)
    {
        lock (_free)
        {
            _free.Push(workspace);
        }
    }
}
