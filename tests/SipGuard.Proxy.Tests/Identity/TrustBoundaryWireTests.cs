using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Identity;

/// <summary>
/// The trust boundary on the wire (RFC 3325): a caller on 127.0.0.2 sends identity headers, the
/// upstream on 127.0.0.1:15080 records what it receives, and each test asserts it header by header.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class TrustBoundaryWireTests
{
    private const string Spoofed = "+8613912345678";

    [Fact]
    public async Task Assert_identity_replaces_the_lines_PAI_PPI_and_RPID_with_one_PAI_naming_the_verified_number()
    {
        await using var h = await ProxyHarness.StartAsync(policy: Trunk(t => t with { AssertIdentity = true }));
        var invite = Wire.Invite("assert-1", extraHeader:
            "P-Asserted-Identity: \"Acme\" <sip:+861066022236@pbx>\r\nP-Preferred-Identity: <sip:01066022236@pbx>\r\nRemote-Party-ID: <sip:+861066022236@pbx>;party=calling");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().Equal("<tel:+861066022236>");
        Values(forwarded, "P-Preferred-Identity").Should().BeEmpty();
        Values(forwarded, "Remote-Party-ID").Should().BeEmpty();
        Wire.Header(forwarded, "From").Should().Be(Wire.Header(invite, "From"));
    }

    [Fact]
    public async Task Assert_identity_inserts_a_PAI_when_the_line_sent_none()
    {
        await using var h = await ProxyHarness.StartAsync(policy: Trunk(t => t with { AssertIdentity = true }));

        h.Caller.Send(Wire.Invite("assert-2", from: "01066022236"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().Equal("<tel:+861066022236>");
    }

    [Fact]
    public async Task Without_assert_identity_an_allowed_PAI_is_forwarded_as_received_but_PPI_never_is()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Wire.Invite("ppi-1", extraHeader: "P-Asserted-Identity: <sip:+861066022236@pbx>\r\nP-Preferred-Identity: <sip:+861066022236@pbx>"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().Equal("<sip:+861066022236@pbx>");
        Values(forwarded, "P-Preferred-Identity").Should().BeEmpty("RFC 3325 §6: a proxy does not forward PPI");
    }

    [Fact]
    public async Task A_spoofed_PPI_is_refused_and_nothing_reaches_the_callee()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Wire.Invite("ppi-2", extraHeader: $"P-Preferred-Identity: <sip:{Spoofed}@pbx>"), ProxyHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(403);

        Wire.StatusOf(answer).Should().Be(403);
        Wire.Header(answer, "Warning").Should().Contain("\"caller-not-allowed\"");
        await h.ExpectNothingForwardedBeforeNextCallAsync("the spoofed PPI call must not be forwarded");
    }

    [Fact]
    public async Task An_unreadable_PAI_next_to_an_allowed_From_is_refused()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Wire.Invite("junk-1", extraHeader: $"P-Asserted-Identity: <sip:{Spoofed}%23@pbx>"), ProxyHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(403);

        Wire.Header(answer, "Warning").Should().Contain("\"unreadable-identity\"");
        await h.ExpectNothingForwardedBeforeNextCallAsync("an unreadable identity fails closed");
    }

    [Fact]
    public async Task Strip_untrusted_identity_on_an_international_trunk_removes_every_PAI_PPI_and_RPID()
    {
        await using var h = await ProxyHarness.StartAsync(policy: Trunk(t => t with
        {
            Kind = TrunkKind.International, BlockDomesticCallers = false, AllowedCallers = [], StripUntrustedIdentity = true,
        }));
        var invite = Wire.Invite("intl-1", extraHeader:
            "P-Asserted-Identity: <sip:+861066022236@carrier>, <tel:+861066022236>\r\nP-Preferred-Identity: <sip:+861066022236@carrier>\r\nRemote-Party-ID: <sip:+861066022236@carrier>;party=calling");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().BeEmpty();
        Values(forwarded, "P-Preferred-Identity").Should().BeEmpty();
        Values(forwarded, "Remote-Party-ID").Should().BeEmpty();
        Wire.Header(forwarded, "From").Should().Be(Wire.Header(invite, "From"));
    }

    [Fact]
    public async Task Strip_untrusted_identity_on_a_private_line_keeps_only_the_PAI_values_the_line_may_present()
    {
        await using var h = await ProxyHarness.StartAsync(policy: Trunk(t => t with { StripUntrustedIdentity = true, AllowForwarded = true }));
        var invite = Wire.Invite("strip-1", from: Spoofed, extraHeader:
            $"Diversion: <sip:+861066022236@pbx>;reason=unconditional\r\nP-Asserted-Identity: <sip:{Spoofed}@pbx>, <sip:+861066022236@pbx>");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded (diverted) INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().Equal("<sip:+861066022236@pbx>");
        Values(forwarded, "Diversion").Should().Equal("<sip:+861066022236@pbx>;reason=unconditional");
        Wire.Header(forwarded, "From").Should().Be(Wire.Header(invite, "From"));
    }

    [Fact]
    public async Task Without_allow_forwarded_a_Diversion_excuses_nothing()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Wire.Invite("div-1", from: Spoofed, extraHeader: "Diversion: <sip:+861066022236@pbx>;reason=unconditional"), ProxyHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(403);

        Wire.Header(answer, "Warning").Should().Contain("\"caller-not-allowed\"");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Privacy_id_towards_an_untrusted_upstream_removes_the_PAI(bool trusted, bool paiExpected)
    {
        await using var h = await ProxyHarness.StartAsync(
            policy: Trunk(t => t with { Special = true }),
            proxyChange: p => p with { Upstreams = [p.Upstreams[0] with { Trusted = trusted }] });

        h.Caller.Send(Wire.Invite("privacy-1", extraHeader: "P-Asserted-Identity: <sip:+861066022236@pbx>\r\nPrivacy: id"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");

        Values(forwarded, "P-Asserted-Identity").Should().HaveCount(paiExpected ? 1 : 0, "RFC 3325 §7");
        Values(forwarded, "Privacy").Should().Equal("id");
    }

    [Fact]
    public async Task Headers_SipGuard_writes_are_removed_from_what_a_caller_sends_and_a_grey_listed_call_carries_only_ours()
    {
        await using var h = await ProxyHarness.StartAsync(policy: p => p with
        {
            Lists = [new ListConfig("suspected", "blacklist.txt", ListAction.Tag, 0, "suspected fraud", [])],
        });
        const string forged = "X-SipGuard-Warning: verified-by-carrier\r\nx-sipguard-warning: none\r\nWarning: 399 sipguard \"allowed\"";

        h.Caller.Send(Wire.Invite("forged-1", extraHeader: forged), ProxyHarness.ProxyEndPoint);
        var clean = await h.Upstream.ReceiveAsync("the allowed INVITE");
        h.Caller.Send(Wire.Invite("forged-2", from: ProxyHarness.Blacklisted, branch: "z9hG4bK-c2", extraHeader: forged), ProxyHarness.ProxyEndPoint);
        var tagged = await h.Upstream.ReceiveAsync("the grey-listed INVITE");

        Values(clean, "X-SipGuard-Warning").Should().BeEmpty();
        Values(clean, "Warning").Should().BeEmpty();
        Values(tagged, "X-SipGuard-Warning").Should().Equal("suspected fraud");
        Values(tagged, "Warning").Should().BeEmpty();
    }

    [Fact]
    public async Task Strip_user_agent_removes_User_Agent_from_requests_and_Server_from_responses()
    {
        await using var h = await ProxyHarness.StartAsync(proxyChange: p => p with { StripUserAgent = true });
        var invite = Wire.Invite("ua-1", extraHeader: "Server: caller-pbx 1.0");

        h.Caller.Send(invite, ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        h.Upstream.Send(Wire.Response(forwarded, 486, "Busy Here"), ProxyHarness.ProxyEndPoint);
        var relayed = await h.Caller.ReceiveStatusAsync(486);

        Wire.HasHeader(System.Text.Encoding.ASCII.GetBytes(invite), "User-Agent").Should().BeTrue();
        Wire.HasHeader(forwarded, "User-Agent").Should().BeFalse();
        Wire.HasHeader(forwarded, "Server").Should().BeFalse();
        Wire.StatusOf(relayed).Should().Be(486);
        Wire.HasHeader(relayed, "Server").Should().BeFalse("the upstream's equipment is not revealed to the trunk");
    }

    [Fact]
    public async Task By_default_User_Agent_and_Server_are_relayed()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Wire.Invite("ua-2"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        h.Upstream.Send(Wire.Response(forwarded, 486, "Busy Here"), ProxyHarness.ProxyEndPoint);
        var relayed = await h.Caller.ReceiveStatusAsync(486);

        Wire.Header(forwarded, "User-Agent").Should().Be("User-Agent: proxy-tests  (two spaces kept)");
        Wire.Header(relayed, "Server").Should().Be("Server: upstream-test");
    }

    [Fact]
    public async Task Server_header_is_sent_on_SipGuards_own_replies()
    {
        await using var h = await ProxyHarness.StartAsync(proxyChange: p => p with { ServerHeader = "SipGuard" });

        h.Caller.Send(Wire.Invite("server-1", from: Spoofed), ProxyHarness.ProxyEndPoint);
        var trying = await h.Caller.ReceiveAsync("100 Trying or the 403");
        var rejected = Wire.StatusOf(trying) == 403 ? trying : await h.Caller.ReceiveStatusAsync(403);

        Wire.Header(rejected, "Server").Should().Be("Server: SipGuard");
    }

    [Fact]
    public async Task An_initial_MESSAGE_with_a_spoofed_From_is_refused_and_an_allowed_one_is_forwarded_without_Record_Route()
    {
        await using var h = await ProxyHarness.StartAsync();

        h.Caller.Send(Message("msg-1", Spoofed), ProxyHarness.ProxyEndPoint);
        var answer = await h.Caller.ReceiveStatusAsync(403);
        h.Caller.Send(Message("msg-2", "+861066022236"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the allowed MESSAGE");

        Wire.Header(answer, "Warning").Should().Contain("\"caller-not-allowed\"");
        Wire.Text(forwarded).Should().StartWith("MESSAGE ");
        Wire.Header(forwarded, "Call-ID").Should().Be("Call-ID: msg-2");
        Wire.HasHeader(forwarded, "Record-Route").Should().BeFalse();
    }

    private static string Message(string callId, string from)
    {
        var invite = Wire.Invite(callId, from: from, branch: "z9hG4bK-" + callId);
        var head = string.Join("\r\n", Wire.Lines(invite).Where(l => !Wire.IsHeader(l, "Content-Type") && !Wire.IsHeader(l, "Content-Length") && !Wire.IsHeader(l, "Contact")))
            .Replace("INVITE", "MESSAGE", StringComparison.Ordinal);
        return head + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi";
    }

    private static Func<PolicyConfig, PolicyConfig> Trunk(Func<TrunkConfig, TrunkConfig> change) =>
        p => p with { Trunks = [change(p.Trunks[0])] };

    /// <summary>Every value of every line of a header (test side: strings).</summary>
    private static string[] Values(byte[] message, string name) =>
        [.. Wire.Lines(Wire.Text(message)).Where(l => Wire.IsHeader(l, name))
            .SelectMany(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(", "))
            .Select(v => v.Trim())];
}
