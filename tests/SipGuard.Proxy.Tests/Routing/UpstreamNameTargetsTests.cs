using System.Net;
using System.Text;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Routing;

/// <summary>Upstream targets written as DNS names: what the snapshot holds before and after an answer (docs/dns.md).</summary>
public sealed class UpstreamNameTargetsTests
{
    private static readonly UpstreamTargetConfig Name = new("sip:core.carrier.example", SipTransportKind.Udp, "core.carrier.example", 5060, 0, 2);
    private static readonly UpstreamTargetConfig Literal = new("sip:127.0.0.9:5070", SipTransportKind.Udp, "127.0.0.9", 5070, 1, 1);

    [Fact]
    public void A_name_not_answered_yet_gives_no_target_and_is_no_error()
    {
        var route = Snapshot([Name, Literal], null).Upstreams.Single();

        route.Targets.Should().Equal(Target(0x7F000009, 5070));
        route.Names.Should().Equal("sip:core.carrier.example");
    }

    [Fact]
    public void The_answer_takes_the_name_entrys_place_ordered_by_srv_priority_its_weight_multiplied_by_the_entrys()
    {
        var names = ResolvedNames.None.With("sip:core.carrier.example",
        [
            new ResolvedTarget(Target(0x7F000001, 15582), 20, 5),
            new ResolvedTarget(Target(0x7F000001, 15581), 10, 3),
        ]);

        var route = Snapshot([Literal, Name], names).Upstreams.Single();

        route.Targets.Should().Equal(Target(0x7F000001, 15581), Target(0x7F000001, 15582), Target(0x7F000009, 5070));
        route.Select(tried: 0, now: 0, openFor: 0, spin: 0).Should().Be(0, "an unbound route tries its first target");
        route.Names.Should().Equal("sip:core.carrier.example");
    }

    [Fact]
    public void An_upstream_of_names_only_without_an_answer_exists_and_explain_says_its_calls_get_503_until_a_lookup_answers()
    {
        var snapshot = Snapshot([Name], null);

        snapshot.Upstreams.Single().Targets.Should().BeEmpty();
        var explanation = CallExplainer.Explain(snapshot, SipEndpoint.FromIPv4(0x7F000002, 5060), SipTransportKind.Udp, Encoding.ASCII.GetBytes(Invite));

        explanation.Forwards.Should().BeFalse();
        explanation.Response.Should().StartWith("503 Service Unavailable, Warning: 399 sipguard \"upstream-down\"")
            .And.Contain("has only DNS names, resolved at run time: sip:core.carrier.example");
    }

    [Fact]
    public void Explain_names_the_dns_names_beside_the_literal_target_it_chooses()
    {
        var explanation = CallExplainer.Explain(Snapshot([Name, Literal], null), SipEndpoint.FromIPv4(0x7F000002, 5060), SipTransportKind.Udp, Encoding.ASCII.GetBytes(Invite));

        explanation.Response.Should().Be("forwarded to upstream 'callcenter' (127.0.0.9:5070 over UDP; its DNS names are resolved in the background: sip:core.carrier.example)");
    }

    private const string Invite =
        "INVITE sip:4008001234@127.0.0.1:15060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-names-1\r\nMax-Forwards: 70\r\n"
        + "From: <sip:+861066022236@127.0.0.2>;tag=f1\r\nTo: <sip:4008001234@127.0.0.1>\r\nCall-ID: names\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

    private static OutboundTarget Target(uint address, int port) => new(SipTransportKind.Udp, SipEndpoint.FromIPv4(address, port));

    private static ProxySnapshot Snapshot(UpstreamTargetConfig[] targets, ResolvedNames? names)
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("line", TrunkKind.PrivateLine, ["127.0.0.2/32"], TrunkMode.Enforce, ["+86106602*"], false, null, [], null)],
            [],
            [],
            "."));
        policy.Errors.Should().BeEmpty();
        var config = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 15060, "udp://127.0.0.1:15060")],
            [new UpstreamConfig("callcenter", targets, UpstreamConfig.DefaultFailoverCodes, null)],
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
        var snapshot = ProxySnapshotBuilder.Build(config, policy.Snapshot!, out var errors, names);
        errors.Should().BeEmpty();
        return snapshot!;
    }
}
