using System.Net;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Routing;

public sealed class ProxySnapshotTests
{
    [Theory]
    [InlineData("127.0.0.1", 5090, SipTransportKind.Tcp, true, "our connection to the target: exact address and port")]
    [InlineData("127.0.0.1", 41000, SipTransportKind.Tcp, false, "a trunk claims 127.0.0.1, so an ephemeral port is the trunk's caller")]
    [InlineData("127.0.0.1", 5090, SipTransportKind.Udp, false, "the target is a TCP one")]
    public void UpstreamAt_WhenATrunkSharesTheUpstreamAddress_MatchesOnlyTheExactEndpoint(string address, int port, SipTransportKind transport, bool isUpstream, string because)
    {
        var snapshot = Build(trunkSource: "127.0.0.1/32");

        var upstream = snapshot.UpstreamAt(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), port)), transport);

        (upstream is not null).Should().Be(isUpstream, because);
    }

    [Fact]
    public void UpstreamAt_TcpFromTheTargetAddressOnAnotherPort_IsTheUpstreamWhenNoTrunkClaimsIt()
    {
        var snapshot = Build(trunkSource: "127.0.0.2/32");

        var upstream = snapshot.UpstreamAt(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 41000)), SipTransportKind.Tcp);

        upstream.Should().NotBeNull();
        upstream!.Id.Should().Be("callcenter");
    }

    private static ProxySnapshot Build(string trunkSource)
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("line", TrunkKind.PrivateLine, [trunkSource], TrunkMode.Enforce, ["+861066022236"], false, null, [], null)],
            [],
            [],
            Path.GetTempPath()));
        policy.Errors.Should().BeEmpty();
        var config = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 5060, "udp://127.0.0.1:5060")],
            [new UpstreamConfig("callcenter", [new UpstreamTargetConfig("sip:127.0.0.1:5090;transport=tcp", SipTransportKind.Tcp, "127.0.0.1", 5090, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null)],
            RecordRoute: true,
            MaxTransactions: 16,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["line"] = "callcenter" },
        };
        var snapshot = ProxySnapshotBuilder.Build(config, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();
        return snapshot!;
    }
}
