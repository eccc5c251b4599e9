using System.Diagnostics;
using System.Net;
using System.Text;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Screening;

/// <summary>
/// <c>explain</c> runs the proxy's own stages: the gate's answers (483, 420, 482), strangers,
/// in-dialog and inbound routes, and the target the breakers would choose, not the upstream's first.
/// </summary>
public sealed class CallExplainerStagesTests
{
    private static readonly SipEndpoint Trunk = SipEndpoint.FromIPv4(0x7F000002, 5060);
    private static readonly SipEndpoint UpstreamFirst = SipEndpoint.FromIPv4(0x7F000001, 15080);

    [Fact]
    public void Max_forwards_zero_is_answered_483_by_the_gate_before_the_policy()
    {
        var explanation = Explain(Invite(maxForwards: 0));

        explanation.Response.Should().StartWith("483 Too Many Hops");
        explanation.Trace.Should().BeNull("the policy is never asked");
        explanation.Forwards.Should().BeFalse();
    }

    [Fact]
    public void Proxy_require_is_answered_420()
    {
        Explain(Invite(extra: "Proxy-Require: com.example.secret")).Response.Should().StartWith("420 Bad Extension");
    }

    [Fact]
    public void A_via_of_ours_is_a_loop_answered_482()
    {
        Span<byte> branch = stackalloc byte[BranchId.Length];
        BranchId.Write(branch, new BranchSeal(ProxySecret.Generate()), 3, 7, 0, 1);
        var ours = $"Via: SIP/2.0/UDP 127.0.0.1:15060;branch={Encoding.ASCII.GetString(branch)}";

        Explain(Invite(extra: ours)).Response.Should().StartWith("482 Loop Detected");
    }

    [Fact]
    public void A_stranger_is_refused_403_unknown_peer_with_the_policy_trace_showing_the_sources()
    {
        var explanation = Explain(Invite(), source: SipEndpoint.FromIPv4(0x7F000009, 5060));

        explanation.Response.Should().StartWith("403 Forbidden, Warning: 399 sipguard \"unknown-peer\"");
        explanation.Trace!.Decision.RuleId.Should().Be(RuleIds.UnknownPeer);
    }

    [Fact]
    public void An_in_dialog_request_without_our_dialog_token_is_answered_481()
    {
        var explanation = Explain(Invite(toTag: "callee-1"));

        explanation.Response.Should().StartWith("481 Call/Transaction Does Not Exist, Warning: 399 sipguard \"unknown-dialog\"");
        explanation.Trace.Should().BeNull("in-dialog requests are not screened");
    }

    [Fact]
    public void A_call_from_the_upstream_follows_its_inbound_route_unscreened()
    {
        var explanation = Explain(Invite(sentBy: "127.0.0.1:15080"), Snapshot(inbound: true), UpstreamFirst);

        explanation.Response.Should().Be("forwarded to 127.0.0.2:5070 over UDP");
        explanation.Trace.Should().BeNull("a call towards a trunk is not screened");
        explanation.Forwards.Should().BeTrue();
    }

    [Fact]
    public void A_call_from_the_upstream_without_an_inbound_route_is_answered_403()
    {
        Explain(Invite(sentBy: "127.0.0.1:15080"), source: UpstreamFirst).Response.Should().Be("403 Forbidden, Warning: 399 sipguard \"no-inbound-route\"");
    }

    [Fact]
    public void An_allowed_call_goes_to_the_target_the_breakers_choose()
    {
        var snapshot = Snapshot();
        var route = snapshot.Upstreams.Single();
        route.Bind(new TargetHealthRegistry()); // as a running proxy binds its snapshot

        Explain(Invite(), snapshot).Response.Should().Be("forwarded to upstream 'callcenter' (127.0.0.1:15080 over UDP)");

        route.Health[0].ForceOpen(Stopwatch.GetTimestamp(), Stopwatch.Frequency * 60);
        var explanation = Explain(Invite(), snapshot);

        explanation.Response.Should().Be("forwarded to upstream 'callcenter' (127.0.0.1:15081 over UDP)", "the first target's breaker is open");
        explanation.Forwards.Should().BeTrue();
    }

    [Fact]
    public void Every_breaker_open_is_a_503_upstream_down()
    {
        var snapshot = Snapshot();
        var route = snapshot.Upstreams.Single();
        route.Bind(new TargetHealthRegistry());
        foreach (var health in route.Health)
        {
            health.ForceOpen(Stopwatch.GetTimestamp(), Stopwatch.Frequency * 60);
        }

        var explanation = Explain(Invite(), snapshot);

        explanation.Response.Should().StartWith("503 Service Unavailable, Warning: 399 sipguard \"upstream-down\"");
        explanation.Trace!.Decision.Outcome.Should().Be(DecisionOutcome.Allow, "the policy allowed it; the upstream cannot take it");
        explanation.Forwards.Should().BeFalse();
    }

    [Fact]
    public void A_trunk_with_tls_names_is_explained_as_refusing_a_source_without_a_certificate()
    {
        var explanation = Explain(Invite(), Snapshot(tlsNames: true));

        explanation.Response.Should().StartWith("403 Forbidden").And.Contain("unknown-peer").And.Contain("trunk 'acme-line-1' takes requests only over TLS");
        explanation.Forwards.Should().BeFalse();
    }

    [Fact]
    public void Explanations_in_a_row_reuse_a_workspace_and_each_answers_only_its_own_call()
    {
        // Explain reuses pooled workspaces: nothing of a longer call before may show in the next one.
        var longRefused = Invite(extra: "Proxy-Require: com.example.secret\r\nSubject: " + new string('x', 3000));
        var forwarded = Explain(Invite()).Response;
        var refused = Explain(longRefused).Response;
        var stranger = Explain(Invite(), source: SipEndpoint.FromIPv4(0x7F000009, 5060)).Response;

        for (var i = 0; i < 3; i++)
        {
            Explain(Invite()).Response.Should().Be(forwarded);
            Explain(longRefused).Response.Should().Be(refused);
            Explain(Invite(), source: SipEndpoint.FromIPv4(0x7F000009, 5060)).Response.Should().Be(stranger);
        }

        forwarded.Should().StartWith("forwarded to upstream 'callcenter'");
        refused.Should().StartWith("420 Bad Extension");
        stranger.Should().StartWith("403 Forbidden");
    }

    [Fact]
    public void The_evidence_writers_trace_of_a_screened_call_is_the_one_explain_gives()
    {
        var snapshot = Snapshot();
        var stranger = SipEndpoint.FromIPv4(0x7F000009, 5060);
        var calls = new (string Invite, SipEndpoint Source)[]
        {
            (Invite(), Trunk),                                                                    // allowed
            (Invite().Replace("+861066022236", "+861099999999", StringComparison.Ordinal), Trunk),  // not the line's number
            (Invite(extra: "P-Asserted-Identity: <sip:+861066022237@127.0.0.2>"), Trunk),
            (Invite(), stranger),
        };

        foreach (var (invite, source) in calls)
        {
            var bytes = Encoding.ASCII.GetBytes(invite);
            var explained = CallExplainer.Explain(snapshot, source, SipTransportKind.Udp, bytes).Trace;
            explained.Should().NotBeNull();
            CallExplainer.TraceOf(snapshot, source, SipTransportKind.Udp, bytes)!.ToString().Should().Be(explained!.ToString());
        }

        CallExplainer.Explain(snapshot, Trunk, SipTransportKind.Udp, Encoding.ASCII.GetBytes(calls[1].Invite)).Response.Should().StartWith("403", "one of the calls is refused");
        CallExplainer.TraceOf(snapshot, Trunk, SipTransportKind.Udp, "INVITE nonsense\r\n\r\n"u8).Should().BeNull();
    }

    [Fact]
    public void A_call_longer_than_the_pooled_workspaces_is_explained_too()
    {
        var padding = string.Join("\r\n", Enumerable.Range(1, 5).Select(i => $"X-Pad-{i}: " + new string('x', 2_500)));
        Explain(Invite(extra: padding)).Response.Should().StartWith("forwarded to upstream 'callcenter'");
    }

    private static CallExplanation Explain(string invite, ProxySnapshot? snapshot = null, SipEndpoint? source = null) =>
        CallExplainer.Explain(snapshot ?? Snapshot(), source ?? Trunk, SipTransportKind.Udp, Encoding.ASCII.GetBytes(invite));

    private static string Invite(int maxForwards = 70, string? extra = null, string? toTag = null, string sentBy = "127.0.0.2:5060")
    {
        var sb = new StringBuilder();
        sb.Append("INVITE sip:4008001234@127.0.0.1:15060 SIP/2.0\r\n");
        sb.Append($"Via: SIP/2.0/UDP {sentBy};branch=z9hG4bK-explain-1\r\n");
        if (extra is not null)
        {
            sb.Append(extra).Append("\r\n");
        }

        sb.Append($"Max-Forwards: {maxForwards}\r\n");
        sb.Append("From: <sip:+861066022236@127.0.0.2>;tag=f1\r\n");
        sb.Append("To: <sip:4008001234@127.0.0.1>").Append(toTag is null ? "" : $";tag={toTag}").Append("\r\n");
        sb.Append("Call-ID: explain-stages\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    [Fact]
    public void In_the_redirect_role_an_allowed_call_is_explained_as_the_302_naming_the_target_and_nothing_forwarded()
    {
        var explanation = Explain(Invite(), Snapshot(redirect: true));

        explanation.Response.Should().StartWith("302 Moved Temporarily (redirect role: nothing is forwarded; verdict allow), Contact pointing to upstream 'callcenter' (127.0.0.1:15080 over UDP");
        explanation.Forwards.Should().BeTrue("the call goes on, through the SBC that follows the 302");
        explanation.ForwardedIdentity.Should().BeEmpty("a redirect server writes no identity headers");
    }

    [Fact]
    public void In_the_redirect_role_a_bye_is_explained_as_the_405_the_redirect_server_answers()
    {
        Explain(Invite(toTag: "t1").Replace("INVITE sip:", "BYE sip:", StringComparison.Ordinal).Replace("CSeq: 1 INVITE", "CSeq: 2 BYE", StringComparison.Ordinal), Snapshot(redirect: true))
            .Response.Should().StartWith("405 Method Not Allowed, Warning: 399 sipguard \"redirect-server\"");
    }

    [Fact]
    public void A_via_that_does_not_parse_is_explained_as_the_400_the_proxy_answers()
    {
        var explanation = Explain(Invite(sentBy: "192.0.2.15;;,;,,"));

        explanation.Response.Should().StartWith("400 ");
        explanation.Forwards.Should().BeFalse();
    }

    private static ProxySnapshot Snapshot(bool inbound = false, bool tlsNames = false, bool redirect = false)
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("acme-line-1", TrunkKind.PrivateLine, ["127.0.0.2/32"], TrunkMode.Enforce, ["+86106602*"], false, null, [], null)],
            [],
            [],
            "."));
        policy.Errors.Should().BeEmpty();
        var proxy = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 15060, "udp://127.0.0.1:15060")],
            [new UpstreamConfig(
                "callcenter",
                [
                    new UpstreamTargetConfig("sip:127.0.0.1:15080", SipTransportKind.Udp, "127.0.0.1", 15080, 0, 1),
                    new UpstreamTargetConfig("sip:127.0.0.1:15081", SipTransportKind.Udp, "127.0.0.1", 15081, 1, 1),
                ],
                UpstreamConfig.DefaultFailoverCodes,
                null)],
            RecordRoute: true,
            MaxTransactions: 100,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            inbound ? [new InboundRouteConfig("callcenter", "acme-line-1", "sip:127.0.0.2:5070")] : [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["acme-line-1"] = "callcenter" },
            TrunkTlsNames = tlsNames ? new Dictionary<string, IReadOnlyList<string>> { ["acme-line-1"] = ["pbx.acme.example"] } : new Dictionary<string, IReadOnlyList<string>>(),
            Role = redirect ? ProxyRole.Redirect : ProxyRole.Proxy,
        };
        var snapshot = ProxySnapshotBuilder.Build(proxy, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();
        return snapshot!;
    }
}
