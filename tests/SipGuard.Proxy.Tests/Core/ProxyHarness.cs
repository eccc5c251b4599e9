using System.Net;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>
/// A real <see cref="SipProxy"/> on UDP 127.0.0.1:15060 with the real transports and timing wheel,
/// one private-line trunk for 127.0.0.2, an upstream peer on 127.0.0.1:15080, a caller on
/// 127.0.0.2:15070 and a stranger on 127.0.0.9:15071. Every address involved is loopback.
/// </summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    public const string Blacklisted = "+861066029990";
    public static readonly IPEndPoint ProxyEndPoint = new(IPAddress.Loopback, 15060);

    private readonly string _directory;
    private readonly TimingWheel _wheel;
    private readonly SipTransportSet _transports;

    private ProxyHarness(string directory, TimingWheel wheel, SipTransportSet transports, SipProxy proxy)
    {
        _directory = directory;
        _wheel = wheel;
        _transports = transports;
        Proxy = proxy;
        Upstream = new UdpPeer("127.0.0.1", 15080);
        Caller = new UdpPeer("127.0.0.2", 15070);
        Stranger = new UdpPeer("127.0.0.9", 15071);
    }

    public SipProxy Proxy { get; }

    public UdpPeer Upstream { get; }

    public UdpPeer Caller { get; }

    public UdpPeer Stranger { get; }

    /// <param name="policy">Changes the one-trunk policy (trust-boundary tests turn on trunk keys).</param>
    /// <param name="proxyChange">Changes the proxy config.</param>
    /// <param name="observer">Hears every screening verdict (the host's evidence log in production).</param>
    public static async Task<ProxyHarness> StartAsync(
        TimeSpan? inviteTimeout = null,
        Func<PolicyConfig, PolicyConfig>? policy = null,
        Func<ProxyConfig, ProxyConfig>? proxyChange = null,
        TimeSpan? ringTimeout = null,
        SipGuard.Proxy.Screening.IScreeningObserver? observer = null)
    {
        var directory = Directory.CreateTempSubdirectory("sipguard-proxy-tests-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "blacklist.txt"), $"# test blacklist\n{Blacklisted}\n");

        var policyConfig = new PolicyConfig(
            NumberingConfig.Default,
            [
                new TrunkConfig(
                    "acme-line-1",
                    TrunkKind.PrivateLine,
                    ["127.0.0.2/32"],
                    TrunkMode.Enforce,
                    ["+861066022236", "+86106602*"],
                    Special: false,
                    BlockDomesticCallers: null,
                    DomesticExemptions: [],
                    Registration: null),
            ],
            [],
            [new ListConfig("blacklist", "blacklist.txt", ListAction.Reject, 608, null, [])],
            directory);
        var compiled = PolicyCompiler.Compile(policy is null ? policyConfig : policy(policyConfig));
        compiled.Errors.Should().BeEmpty();

        var proxyConfig = DefaultProxyConfig(inviteTimeout, ringTimeout);
        var snapshot = ProxySnapshotBuilder.Build(proxyChange is null ? proxyConfig : proxyChange(proxyConfig), compiled.Snapshot!, out var errors);
        errors.Should().BeEmpty();

        var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var transportConfig = new TransportConfig
        {
            Listen = ["udp://127.0.0.1:15060"],
            // One receive loop: datagrams are handled in the order they arrive, which the
            // "nothing was forwarded before the next call" checks rely on.
            UdpReceiveLoops = 1,
            UdpReusePort = false,
        };
        SipTransportSet.TryCreate(transportConfig, wheel, TimeProvider.System, null, out var transports, out var error)
            .Should().BeTrue(error);
        var proxy = new SipProxy(snapshot!, transports!, transports!.Listeners, wheel, SipProxyOptions.Default, observer: observer);
        var harness = new ProxyHarness(directory, wheel, transports, proxy);
        await transports.StartAsync(proxy);
        return harness;
    }

    /// <summary>The harness's proxy config: the UDP listener, the callcenter upstream on 127.0.0.1:15080, the trunk routed to it.</summary>
    public static ProxyConfig DefaultProxyConfig(TimeSpan? inviteTimeout = null, TimeSpan? ringTimeout = null) =>
        new(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 15060, "udp://127.0.0.1:15060")],
            [new UpstreamConfig("callcenter", [new UpstreamTargetConfig("sip:127.0.0.1:15080", SipTransportKind.Udp, "127.0.0.1", 15080, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null)],
            RecordRoute: true,
            MaxTransactions: 1_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            InviteTimeout = inviteTimeout ?? TimeSpan.FromSeconds(32),
            RingTimeout = ringTimeout ?? TimeSpan.FromMinutes(3),
            TrunkUpstreams = new Dictionary<string, string> { ["acme-line-1"] = "callcenter" },
        };

    /// <summary>
    /// A barrier: an allowed INVITE from the caller must be the next new datagram the upstream sees,
    /// so anything the proxy should not have forwarded before it would have shown up first.
    /// </summary>
    public async Task ExpectNothingForwardedBeforeNextCallAsync(string reason, params byte[][] retransmissions)
    {
        var barrier = Sip.Invite("barrier-call", branch: "z9hG4bK-barrier");
        Caller.Send(barrier, ProxyEndPoint);
        var next = await Upstream.ReceiveIgnoringAsync("the barrier INVITE", retransmissions);
        Sip.Header(next, "Call-ID").Should().Be("Call-ID: barrier-call", reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _transports.StopAsync();
        _wheel.Dispose();
        Upstream.Dispose();
        Caller.Dispose();
        Stranger.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
