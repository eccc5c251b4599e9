using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// A configured upstream (YAML <c>upstreams.&lt;id&gt;</c>) with its targets resolved to endpoints,
/// sorted by priority (best first), and the failover rules. The targets' breakers live outside the
/// snapshot; the proxy binds them (<see cref="Bind"/>) before the snapshot is published.
/// </summary>
internal sealed class UpstreamRoute
{
    private readonly int[] _priorities;
    private readonly int[] _weights;
    private readonly bool[] _failoverCodes = new bool[700];
    private TargetHealth[] _health = [];

    public UpstreamRoute(string id, OutboundTarget[] targets)
        : this(id, targets, new int[targets.Length], Enumerable.Repeat(1, targets.Length).ToArray(), UpstreamConfig.DefaultFailoverCodes, UpstreamConfig.DefaultTryTimeout, BreakerConfig.Default, null)
    {
    }

    public UpstreamRoute(string id, OutboundTarget[] targets, int[] priorities, int[] weights, IReadOnlyList<int> failoverCodes, TimeSpan tryTimeout, BreakerConfig breaker, ProbeConfig? probe)
    {
        Id = id;
        Targets = targets;
        _priorities = priorities;
        _weights = weights;
        foreach (var code in failoverCodes)
        {
            if (code is >= 300 and < 700)
            {
                _failoverCodes[code] = true;
            }
        }

        TryTimeout = tryTimeout;
        Breaker = breaker;
        Probe = probe;
    }

    public string Id { get; }

    /// <summary><c>upstreams.&lt;id&gt;.trusted</c> (default true): false puts it outside the trust domain (RFC 3325 §7).</summary>
    public bool Trusted { get; init; } = true;

    public OutboundTarget[] Targets { get; }

    /// <summary>The first target; none (default) while every target is a DNS name not answered yet: admission then finds no target and answers 503.</summary>
    public OutboundTarget Primary => Targets.Length > 0 ? Targets[0] : default;

    /// <summary>The targets written as DNS names (their URIs as in the config); <see cref="Targets"/> holds what they last resolved to.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    public TimeSpan TryTimeout { get; }

    public BreakerConfig Breaker { get; }

    public ProbeConfig? Probe { get; }

    /// <summary>The breakers of <see cref="Targets"/>, index for index; empty until bound.</summary>
    public TargetHealth[] Health => Volatile.Read(ref _health);

    public bool IsFailoverStatus(int status) => (uint)status < (uint)_failoverCodes.Length && _failoverCodes[status];

    /// <summary>Resolves the targets' breakers; idempotent (the registry returns the same object for an endpoint).</summary>
    public void Bind(TargetHealthRegistry registry)
    {
        if (Health.Length == Targets.Length)
        {
            return;
        }

        var health = new TargetHealth[Targets.Length];
        for (var i = 0; i < health.Length; i++)
        {
            health[i] = registry.For(Targets[i]);
        }

        Volatile.Write(ref _health, health);
    }

    /// <summary>
    /// The next target to try: the best priority that has an untried, admitted target; within a
    /// priority, shared by weight (<paramref name="spin"/> is any counter). A half-open target admits
    /// one call at a time. -1 when nothing is left. Any transport will do: a try on another transport
    /// gets that transport's Via and Record-Route (<c>TargetFailover</c>).
    /// </summary>
    public int Select(ulong tried, long now, long openFor, uint spin)
    {
        var health = Health;
        if (health.Length != Targets.Length)
        {
            return tried == 0 ? 0 : -1; // unbound (a snapshot used without a proxy): primary only
        }

        var skip = tried;
        while (true)
        {
            var start = -1;
            var total = 0;
            for (var i = 0; i < Targets.Length; i++)
            {
                if (start >= 0 && _priorities[i] != _priorities[start])
                {
                    break;
                }

                if (!Eligible(i, skip, now))
                {
                    continue;
                }

                if (start < 0)
                {
                    start = i;
                }

                total += _weights[i];
            }

            if (start < 0)
            {
                return -1;
            }

            var pick = (int)(spin % (uint)total);
            var chosen = start;
            for (var i = start; i < Targets.Length && _priorities[i] == _priorities[start]; i++)
            {
                if (!Eligible(i, skip, now))
                {
                    continue;
                }

                chosen = i;
                if (pick < _weights[i])
                {
                    break;
                }

                pick -= _weights[i];
            }

            if (health[chosen].TryAdmit(now, openFor))
            {
                return chosen;
            }

            skip |= 1UL << chosen; // lost the half-open trial to another call
        }
    }

    private bool Eligible(int index, ulong skip, long now) =>
        index < 64 && (skip & (1UL << index)) == 0 && Health[index].IsAvailable(now);

    /// <summary>True when <paramref name="source"/> is exactly one of the targets (address and port).</summary>
    /// <remarks>Over TCP this is a connection we opened to the target, whose remote end is its listening port.</remarks>
    public bool HasTargetAt(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var target in Targets)
        {
            if (target.Transport == transport && target.Remote == source)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="source"/> has a target's address on any port (a TCP connection the target opened to us).</summary>
    public bool HasTargetAddress(SipEndpoint source, SipTransportKind transport)
    {
        foreach (var target in Targets)
        {
            if (target.Transport == transport && SameAddress(target.Remote, source))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameAddress(SipEndpoint a, SipEndpoint b)
    {
        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        var n = a.WriteAddressBytes(left);
        var m = b.WriteAddressBytes(right);
        return left[..n].SequenceEqual(right[..m]);
    }
}
