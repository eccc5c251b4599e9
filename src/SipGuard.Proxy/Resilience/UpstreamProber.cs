using System.Buffers.Text;
using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// Active health checks: every target of an upstream with a <c>probe</c> gets an OPTIONS each
/// interval, on the timing wheel. Probe branches carry their own prefix (<c>z9hG4bK-sp</c>), so
/// <see cref="SipProxy"/> hands their responses here instead of to a transaction. Any answer but
/// 503 closes the target's breaker (that is how traffic returns); the configured number of
/// unanswered probes in a row opens it before a call has to find out.
/// </summary>
internal sealed class UpstreamProber : ITimerCallback
{
    private const long SendTick = 1;
    private const long TimeoutTick = 2;

    private readonly TimingWheel _wheel;
    private readonly TimeProvider _time;
    private readonly ISipTransport _transport;
    private readonly LocalAddresses _local;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly string _callIdSuffix = Random.Shared.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    private ProbeState[] _states = [];

    public UpstreamProber(TimingWheel wheel, TimeProvider time, ISipTransport transport, LocalAddresses local, ILogger logger)
    {
        _wheel = wheel;
        _time = time;
        _transport = transport;
        _local = local;
        _logger = logger;
    }

    public static ReadOnlySpan<byte> BranchPrefix => "z9hG4bK-sp"u8;

    /// <summary>
    /// Probes the targets <paramref name="upstreams"/> ask for. A reload is invisible to the probe of
    /// a target it keeps: the probe in flight still counts when it is answered or times out, the next
    /// one goes at its interval, and the sequence goes on, so every probe's branch stays unique; only
    /// the settings change (from the next probe on). Restarting such a probe instead would drop the
    /// answer in flight and send the next probe at once, so a miss could count sooner than the
    /// interval allows and open the breaker of a target that is up. A new target is probed at once;
    /// one no longer probed goes inactive, so its pending timers do nothing.
    /// </summary>
    public void Update(IReadOnlyList<UpstreamRoute> upstreams)
    {
        lock (_lock)
        {
            var running = new Dictionary<TargetHealth, ProbeState>(ReferenceEqualityComparer.Instance);
            foreach (var state in _states)
            {
                lock (state)
                {
                    if (state.Active)
                    {
                        running[state.Health] = state;
                    }
                }
            }

            // An answer finds its state by the index in its branch: no state moves, none is reused.
            var states = new List<ProbeState>(_states);
            var added = new List<ProbeState>();
            var probed = new HashSet<TargetHealth>(ReferenceEqualityComparer.Instance);
            foreach (var upstream in upstreams)
            {
                if (upstream.Probe is not { } probe)
                {
                    continue;
                }

                foreach (var health in upstream.Health)
                {
                    if (!probed.Add(health))
                    {
                        continue;
                    }

                    if (running.TryGetValue(health, out var kept))
                    {
                        lock (kept)
                        {
                            kept.Config = probe;
                            kept.OpenFor = upstream.Breaker.OpenFor;
                        }

                        continue;
                    }

                    var state = new ProbeState(states.Count, health) { Config = probe, OpenFor = upstream.Breaker.OpenFor, Active = true };
                    states.Add(state);
                    added.Add(state);
                }
            }

            foreach (var (health, state) in running)
            {
                if (!probed.Contains(health))
                {
                    lock (state)
                    {
                        state.Active = false;
                    }
                }
            }

            Volatile.Write(ref _states, [.. states]);
            foreach (var state in added)
            {
                _wheel.Schedule(TimeSpan.Zero, this, state, SendTick);
            }
        }
    }

    /// <summary>Unanswered probes in a row for <paramref name="health"/>, or -1 when no probe watches it (admin views only).</summary>
    public int MissesOf(TargetHealth health)
    {
        foreach (var state in Volatile.Read(ref _states))
        {
            lock (state)
            {
                if (state.Active && ReferenceEquals(state.Health, health))
                {
                    return state.Misses;
                }
            }
        }

        return -1;
    }

    /// <summary>A response whose top Via branch starts with <see cref="BranchPrefix"/>.</summary>
    public void OnResponse(ReadOnlySpan<byte> branch, int status)
    {
        if (branch.Length != BranchPrefix.Length + 16 ||
            !Utf8Parser.TryParse(branch.Slice(BranchPrefix.Length, 8), out uint index, out var used, 'x') || used != 8 ||
            !Utf8Parser.TryParse(branch.Slice(BranchPrefix.Length + 8, 8), out uint sequence, out used, 'x') || used != 8)
        {
            return;
        }

        var states = Volatile.Read(ref _states);
        if (index >= (uint)states.Length || status < 200)
        {
            return;
        }

        var state = states[index];
        lock (state)
        {
            if (!state.Active || state.Awaiting != sequence)
            {
                return;
            }

            state.Awaiting = 0;
            if (status == 503)
            {
                Missed(state);
                return;
            }

            state.Misses = 0;
            if (state.Health.Succeeded())
            {
                Log.TargetUp(_logger, state.Health.Target.Remote, "probe answered");
            }
        }
    }

    public void OnTimer(object? state, long token)
    {
        if (state is not ProbeState probe)
        {
            return;
        }

        try
        {
            lock (probe)
            {
                if (!probe.Active)
                {
                    return;
                }

                if ((token & 0xFF) == TimeoutTick)
                {
                    if (probe.Awaiting == (uint)(token >> 8))
                    {
                        probe.Awaiting = 0;
                        Missed(probe);
                    }

                    return;
                }

                Send(probe);
                _wheel.Schedule(probe.Config.Interval, this, probe, SendTick);
            }
        }
        catch (Exception exception)
        {
            Log.ProbeFailed(_logger, exception, probe.Health.Target.Remote);
        }
    }

    private void Missed(ProbeState state)
    {
        state.Misses++;
        if (state.Misses >= state.Config.FailuresBeforeDown &&
            state.Health.ForceOpen(_time.GetTimestamp(), (long)(state.OpenFor.TotalSeconds * _time.TimestampFrequency)))
        {
            Log.TargetDown(_logger, state.Health.Target.Remote, "probes unanswered");
        }
    }

    private void Send(ProbeState state)
    {
        state.Sequence = state.Sequence == uint.MaxValue ? 1 : state.Sequence + 1;
        var target = state.Health.Target;
        var local = _local.For(target);
        var length = Write(state, local, state.Sequence);
        if (length <= 0)
        {
            return;
        }

        state.Awaiting = state.Sequence;
        _wheel.Schedule(state.Config.Timeout, this, state, TimeoutTick | ((long)state.Sequence << 8));
        if (_transport.Send(target, state.Buffer.AsSpan(0, length)) != SendResult.Sent)
        {
            state.Awaiting = 0;
            Missed(state);
        }
    }

    /// <summary>An OPTIONS to the target itself (RFC 3261 §11), Max-Forwards 0 so it goes no further.</summary>
    private int Write(ProbeState state, LocalAddress local, uint sequence)
    {
        var target = state.Health.Target.Remote.ToString();
        var transport = state.Health.Target.Transport switch { SipTransportKind.Tcp => ";transport=tcp", SipTransportKind.Tls => ";transport=tls", _ => "" };
        var text =
            $"OPTIONS sip:{target}{transport} SIP/2.0\r\n" +
            $"Via: {System.Text.Encoding.ASCII.GetString(local.ViaPrefix)}z9hG4bK-sp{state.Index:x8}{sequence:x8};rport\r\n" +
            "Max-Forwards: 0\r\n" +
            $"From: <sip:sipguard@{System.Text.Encoding.ASCII.GetString(local.HostPort)}>;tag=sgp{state.Index:x}\r\n" +
            $"To: <sip:{target}>\r\n" +
            $"Call-ID: sgprobe-{state.Index:x}-{sequence:x}-{_callIdSuffix}\r\n" +
            $"CSeq: {sequence} OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        return System.Text.Encoding.ASCII.GetBytes(text, state.Buffer);
    }
}
