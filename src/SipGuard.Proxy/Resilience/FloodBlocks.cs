using System.Net;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The flood blocks of this proxy, for a cluster to share: <see cref="Blocked"/> tells of each source
/// this node starts ignoring, <see cref="BlockFromPeer"/> takes one another node found.
/// </summary>
public sealed class FloodBlocks
{
    private readonly FloodGuard _guard;
    private readonly TimeProvider _time;

    internal FloodBlocks(FloodGuard guard, TimeProvider time)
    {
        _guard = guard;
        _time = time;
    }

    /// <summary>
    /// A source this node just blocked, and for how long. Raised on the receive thread once per block
    /// (not per ignored request): a handler must only hand the news on, never wait.
    /// </summary>
    public event Action<IPAddress, TimeSpan>? Blocked;

    /// <summary>Ignores <paramref name="source"/> for <paramref name="blockFor"/> from now, as if it had flooded this node.</summary>
    public void BlockFromPeer(IPAddress source, TimeSpan blockFor)
    {
        var until = _time.GetTimestamp() + (long)(blockFor.TotalSeconds * _time.TimestampFrequency);
        _guard.Block(SipEndpoint.FromIPEndPoint(new IPEndPoint(source, 0)), until);
    }

    internal void OnBlocked(SipEndpoint source, TimeSpan blockFor) => Blocked?.Invoke(source.ToIPEndPoint().Address, blockFor);
}
