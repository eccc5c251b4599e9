using SipGuard.Proxy.Configuration;

namespace SipGuard.Proxy.Resilience;

/// <summary>One probed target: its settings, the probe in flight and the count of consecutive misses. Changed under <c>lock (this)</c>.</summary>
internal sealed class ProbeState(int index, TargetHealth health)
{
    public int Index { get; } = index;

    public TargetHealth Health { get; } = health;

    public ProbeConfig Config { get; set; } = ProbeConfig.Default;

    public TimeSpan OpenFor { get; set; }

    /// <summary>False once a reload stops probing the target; its pending timers then do nothing. A target probed again later gets a new state.</summary>
    public bool Active { get; set; }

    public uint Sequence { get; set; }

    /// <summary>The sequence of the probe awaiting an answer; 0 = none.</summary>
    public uint Awaiting { get; set; }

    public int Misses { get; set; }

    public byte[] Buffer { get; } = new byte[1024];
}
