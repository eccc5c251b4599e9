using System.Net;
using System.Text;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Screening;

/// <summary><c>explain</c> shows the identity headers of an allowed call as the identity editor would forward them.</summary>
public sealed class CallExplainerIdentityTests
{
    [Fact]
    public void An_allowed_call_on_an_asserting_line_shows_the_one_PAI_that_would_be_forwarded()
    {
        var snapshot = Snapshot(assert: true);
        var invite = CallAttemptFactoryTests.Invite("P-Asserted-Identity: <sip:+861066022236@pbx>\nP-Preferred-Identity: <sip:+861066022236@pbx>\nRemote-Party-ID: <sip:+861066022236@pbx>;party=calling");

        var explanation = CallExplainer.Explain(snapshot, SipEndpoint.FromIPv4(0x7F000002, 5060), SipTransportKind.Udp, Encoding.UTF8.GetBytes(invite));

        explanation.Trace!.Decision.Outcome.Should().Be(DecisionOutcome.Allow);
        explanation.ForwardedIdentity.Should().Equal("From: <sip:+861066022236@127.0.0.2>;tag=f1", "P-Asserted-Identity: <tel:+861066022236>");
    }

    [Fact]
    public void Without_assert_identity_the_PAI_is_shown_as_received_and_the_PPI_is_gone()
    {
        var snapshot = Snapshot(assert: false);
        var invite = CallAttemptFactoryTests.Invite("P-Asserted-Identity: <sip:+861066022236@pbx>\nP-Preferred-Identity: <sip:+861066022236@pbx>");

        var explanation = CallExplainer.Explain(snapshot, SipEndpoint.FromIPv4(0x7F000002, 5060), SipTransportKind.Udp, Encoding.UTF8.GetBytes(invite));

        explanation.ForwardedIdentity.Should().Equal("From: <sip:+861066022236@127.0.0.2>;tag=f1", "P-Asserted-Identity: <sip:+861066022236@pbx>");
    }

    [Fact]
    public void A_rejected_call_shows_no_forwarded_identity()
    {
        var snapshot = Snapshot(assert: true);
        var invite = CallAttemptFactoryTests.Invite("P-Preferred-Identity: <sip:+8613912345678@pbx>");

        var explanation = CallExplainer.Explain(snapshot, SipEndpoint.FromIPv4(0x7F000002, 5060), SipTransportKind.Udp, Encoding.UTF8.GetBytes(invite));

        explanation.Trace!.Decision.RuleId.Should().Be(RuleIds.CallerNotAllowed);
        explanation.ForwardedIdentity.Should().BeEmpty();
    }

    private static ProxySnapshot Snapshot(bool assert)
    {
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("acme-line-1", TrunkKind.PrivateLine, ["127.0.0.2/32"], TrunkMode.Enforce, ["+86106602*"], false, null, [], null, AssertIdentity: assert)],
            [],
            [],
            "."));
        policy.Errors.Should().BeEmpty();
        var proxy = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 15060, "udp://127.0.0.1:15060")],
            [new UpstreamConfig("callcenter", [new UpstreamTargetConfig("sip:127.0.0.1:15080", SipTransportKind.Udp, "127.0.0.1", 15080, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null)],
            RecordRoute: true,
            MaxTransactions: 100,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["acme-line-1"] = "callcenter" },
        };
        var snapshot = ProxySnapshotBuilder.Build(proxy, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();
        return snapshot!;
    }
}
