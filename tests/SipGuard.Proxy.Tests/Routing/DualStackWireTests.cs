using System.Net;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Routing;

/// <summary>
/// One SipGuard listening on UDP 127.0.0.1:15361 and [::1]:15361: each forwarded INVITE names, in
/// its Via and Record-Route, the listener of the family it leaves on, and a call that changes family
/// at the proxy is double record-routed (RFC 5658) like one that changes transport.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class DualStackWireTests
{
    private static readonly IPEndPoint ProxyV4 = new(IPAddress.Loopback, 15361);
    private static readonly IPEndPoint ProxyV6 = new(IPAddress.IPv6Loopback, 15361);

    [Fact]
    public async Task Ipv4AndIpv6Calls_EachCarryTheirOwnFamilysViaAndRecordRoute()
    {
        await using var h = await StartAsync();
        using var callerV4 = new UdpPeer("127.0.0.2", 15371);
        using var callerV6 = new UdpPeer("::1", 15372);

        callerV4.Send(SipText.Invite("ds-v4", sentBy: "127.0.0.2:15371", branch: "z9hG4bK-ds-v4"), ProxyV4);
        callerV6.Send(SipText.Invite("ds-v6", sentBy: "[::1]:15372", branch: "z9hG4bK-ds-v6"), ProxyV6);
        var toV4 = await NextInviteAsync(h.UpstreamV4, "ds-v4");
        var toV6 = await NextInviteAsync(h.UpstreamV6, "ds-v6");
        h.UpstreamV6.Send(SipText.Response(toV6, 200, "OK"), ProxyV6);
        var answerV6 = await callerV6.ReceiveStatusAsync(200);

        SipText.Header(toV4, "Via").Should().StartWith("Via: SIP/2.0/UDP 127.0.0.1:15361;branch=");
        RecordRoutes(toV4).Should().ContainSingle().Which.Should().StartWith("Record-Route: <sip:127.0.0.1:15361;lr");
        SipText.Header(toV6, "Via").Should().StartWith("Via: SIP/2.0/UDP [::1]:15361;branch=", "sent over IPv6, so our IPv6 listener");
        RecordRoutes(toV6).Should().ContainSingle().Which.Should().StartWith("Record-Route: <sip:[::1]:15361;lr");
        SipText.StatusOf(answerV6).Should().Be(200);
    }

    [Fact]
    public async Task Ipv4CallerToIpv6Upstream_IsDoubleRecordRouted_OneEntryPerFamily()
    {
        await using var h = await StartAsync();
        using var caller = new UdpPeer("127.0.0.3", 15373);

        caller.Send(SipText.Invite("ds-cross", sentBy: "127.0.0.3:15373", branch: "z9hG4bK-ds-cross"), ProxyV4);
        var forwarded = await NextInviteAsync(h.UpstreamV6, "ds-cross");
        h.UpstreamV6.Send(SipText.Response(forwarded, 200, "OK"), ProxyV6);
        var answer = await caller.ReceiveStatusAsync(200);

        SipText.Header(forwarded, "Via").Should().StartWith("Via: SIP/2.0/UDP [::1]:15361;branch=");
        var routes = RecordRoutes(forwarded);
        routes.Should().HaveCount(2);
        routes[0].Should().StartWith("Record-Route: <sip:[::1]:15361;lr", "the callee-facing entry, on top, is in the callee's family");
        routes[1].Should().StartWith("Record-Route: <sip:127.0.0.1:15361;lr").And.Contain(";sgd=", "the caller-facing one carries the dialog token");
        SipText.StatusOf(answer).Should().Be(200);
    }

    private static List<string> RecordRoutes(byte[] message) =>
        SipText.Lines(SipText.Text(message)).Where(l => SipText.IsHeader(l, "Record-Route")).ToList();

    private static async Task<byte[]> NextInviteAsync(UdpPeer peer, string callId)
    {
        var data = await peer.ReceiveAsync($"the INVITE of {callId}");
        SipText.Header(data, "Call-ID").Should().Be($"Call-ID: {callId}");
        return data;
    }

    private static async Task<Harness> StartAsync()
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [Trunk("v4", "127.0.0.2/32"), Trunk("v6", "[::1]/128:15372"), Trunk("v4to6", "127.0.0.3/32")],
            [],
            [],
            Path.GetTempPath()));
        policy.Errors.Should().BeEmpty();
        List<ListenerConfig> listeners =
        [
            new(SipTransportKind.Udp, IPAddress.Loopback, 15361, "udp://127.0.0.1:15361"),
            new(SipTransportKind.Udp, IPAddress.IPv6Loopback, 15361, "udp://[::1]:15361"),
        ];
        var config = new ProxyConfig(
            listeners,
            [
                new UpstreamConfig("cc4", [new("sip:127.0.0.1:15381", SipTransportKind.Udp, "127.0.0.1", 15381, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null),
                new UpstreamConfig("cc6", [new("sip:[::1]:15382", SipTransportKind.Udp, "::1", 15382, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null),
            ],
            RecordRoute: true,
            MaxTransactions: 1_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["v4"] = "cc4", ["v6"] = "cc6", ["v4to6"] = "cc6" },
        };
        var snapshot = ProxySnapshotBuilder.Build(config, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();
        var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var transportConfig = new TransportConfig { Listen = listeners.Select(l => l.Uri).ToList(), UdpReceiveLoops = 1, UdpReusePort = false };
        SipTransportSet.TryCreate(transportConfig, wheel, TimeProvider.System, null, out var transports, out var error).Should().BeTrue(error);
        var proxy = new SipProxy(snapshot!, transports!, transports!.Listeners, wheel, SipProxyOptions.Default);
        var harness = new Harness(wheel, transports);
        await transports.StartAsync(proxy);
        return harness;
    }

    private static TrunkConfig Trunk(string id, string source) =>
        new(id, TrunkKind.PrivateLine, [source], TrunkMode.Enforce, ["+86106602*"], Special: false, BlockDomesticCallers: null, DomesticExemptions: [], Registration: null);

    private sealed class Harness(TimingWheel wheel, SipTransportSet transports) : IAsyncDisposable
    {
        public UdpPeer UpstreamV4 { get; } = new("127.0.0.1", 15381);

        public UdpPeer UpstreamV6 { get; } = new("::1", 15382);

        public async ValueTask DisposeAsync()
        {
            await transports.StopAsync();
            wheel.Dispose();
            UpstreamV4.Dispose();
            UpstreamV6.Dispose();
        }
    }
}
