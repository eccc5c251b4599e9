using System.Net;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Tests.Core;
using SipText = SipGuard.Proxy.Tests.Core.Sip;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>
/// A real <see cref="SipProxy"/> on UDP 127.0.0.1:15161 with an upstream of two targets
/// (127.0.0.1:15181 first, 127.0.0.1:15182 second), trunk "acme" calling from 127.0.0.2:15171 and
/// trunk "other" from 127.0.0.4:15172. Breakers and limits run on a <see cref="FakeTimeProvider"/>
/// the test moves; the transaction timers run on the real clock.
/// </summary>
internal sealed class FailoverHarness : IAsyncDisposable
{
    public static readonly IPEndPoint ProxyEndPoint = new(IPAddress.Loopback, 15161);

    private readonly TimingWheel _wheel;
    private readonly SipTransportSet _transports;

    private FailoverHarness(TimingWheel wheel, SipTransportSet transports, SipProxy proxy, FakeTimeProvider time)
    {
        _wheel = wheel;
        _transports = transports;
        Proxy = proxy;
        Time = time;
        First = new UdpPeer("127.0.0.1", 15181);
        Second = new UdpPeer("127.0.0.1", 15182);
        Caller = new UdpPeer("127.0.0.2", 15171);
        OtherCaller = new UdpPeer("127.0.0.4", 15172);
    }

    public SipProxy Proxy { get; }

    public FakeTimeProvider Time { get; }

    public UdpPeer First { get; }

    public UdpPeer Second { get; }

    public UdpPeer Caller { get; }

    public UdpPeer OtherCaller { get; }

    public static async Task<FailoverHarness> StartAsync(
        Func<UpstreamConfig, UpstreamConfig>? upstream = null,
        LimitsConfig? limits = null,
        bool secondTarget = true,
        IReadOnlyList<UpstreamTargetConfig>? targets = null,
        bool tcpListener = false,
        ProxyRole role = ProxyRole.Proxy)
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [
                Trunk("acme", "127.0.0.2/32"),
                Trunk("other", "127.0.0.4/32"),
            ],
            [],
            [],
            Path.GetTempPath()));
        policy.Errors.Should().BeEmpty();

        if (targets is null)
        {
            List<UpstreamTargetConfig> udp = [new("sip:127.0.0.1:15181", SipTransportKind.Udp, "127.0.0.1", 15181, 0, 1)];
            if (secondTarget)
            {
                udp.Add(new("sip:127.0.0.1:15182", SipTransportKind.Udp, "127.0.0.1", 15182, 1, 1));
            }

            targets = udp;
        }

        List<ListenerConfig> listeners = [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 15161, "udp://127.0.0.1:15161")];
        if (tcpListener)
        {
            listeners.Add(new ListenerConfig(SipTransportKind.Tcp, IPAddress.Loopback, 15161, "tcp://127.0.0.1:15161"));
        }

        var upstreamConfig = new UpstreamConfig("callcenter", targets, UpstreamConfig.DefaultFailoverCodes, null)
        {
            Breaker = new BreakerConfig(1, TimeSpan.FromSeconds(30)),
        };
        var config = new ProxyConfig(
            listeners,
            [upstream is null ? upstreamConfig : upstream(upstreamConfig)],
            RecordRoute: true,
            MaxTransactions: 1_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            limits ?? LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["acme"] = "callcenter", ["other"] = "callcenter" },
            Role = role,
        };
        var snapshot = ProxySnapshotBuilder.Build(config, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();

        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var transportConfig = new TransportConfig { Listen = listeners.Select(l => l.Uri).ToList(), UdpReceiveLoops = 1, UdpReusePort = false };
        SipTransportSet.TryCreate(transportConfig, wheel, TimeProvider.System, null, out var transports, out var error).Should().BeTrue(error);
        var proxy = new SipProxy(snapshot!, transports!, transports!.Listeners, wheel, SipProxyOptions.Default, time: time);
        var harness = new FailoverHarness(wheel, transports, proxy, time);
        await transports.StartAsync(proxy);
        return harness;
    }

    public static string Invite(string callId, string sentBy = "127.0.0.2:15171") =>
        SipText.Invite(callId, sentBy: sentBy, branch: $"z9hG4bK-{callId}");

    /// <summary>Waits for the next INVITE at <paramref name="peer"/>, skipping retransmissions of anything else.</summary>
    public static async Task<byte[]> NextInviteAsync(UdpPeer peer, string callId)
    {
        while (true)
        {
            var data = await peer.ReceiveAsync($"the INVITE of {callId}");
            if (SipText.StartLine(data).StartsWith("INVITE ", StringComparison.Ordinal) && SipText.Header(data, "Call-ID") == $"Call-ID: {callId}")
            {
                return data;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transports.StopAsync();
        _wheel.Dispose();
        First.Dispose();
        Second.Dispose();
        Caller.Dispose();
        OtherCaller.Dispose();
    }

    private static TrunkConfig Trunk(string id, string source) =>
        new(id, TrunkKind.PrivateLine, [source], TrunkMode.Enforce, ["+86106602*"],
            Special: false, BlockDomesticCallers: null, DomesticExemptions: [], Registration: null);
}
