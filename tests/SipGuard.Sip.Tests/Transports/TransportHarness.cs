using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

/// <summary>A started transport set on loopback ephemeral ports, with a recording handler.</summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private TransportHarness(SipTransportSet set, TimingWheel wheel, RecordingHandler handler)
    {
        Set = set;
        Wheel = wheel;
        Handler = handler;
    }

    public SipTransportSet Set { get; }

    public TimingWheel Wheel { get; }

    public RecordingHandler Handler { get; }

    public static async Task<TransportHarness> StartAsync(TransportConfig config, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var wheel = new TimingWheel(time, TimeSpan.FromMilliseconds(10));
        SipTransportSet.TryCreate(config, wheel, time, null, out var set, out var error).Should().BeTrue(error);
        var handler = new RecordingHandler { Transport = set };
        await set!.StartAsync(handler);
        return new TransportHarness(set, wheel, handler);
    }

    public async ValueTask DisposeAsync()
    {
        await Set.StopAsync();
        Wheel.Dispose();
    }
}
