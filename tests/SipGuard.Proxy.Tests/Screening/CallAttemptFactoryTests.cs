using System.Text;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Screening;

/// <summary>
/// Raw INVITEs, as an attacker on a private line would write them, through the parser, the
/// factory and the policy: no identity value is skipped, whatever header, line or position it is in.
/// </summary>
public sealed class CallAttemptFactoryTests
{
    private const string Allowed = "+861066022236";
    private const string Spoofed = "+8613912345678";

    private static readonly PolicySnapshot Policy = CompilePolicy();

    public static TheoryData<string, string, string, string> Rows => new()
    {
        // name, source, extra header lines (\n-separated), expected "status rule"
        { "From only, allowed", "127.0.0.2", "", "0 allowed" },
        { "PPI outside allowed callers", "127.0.0.2", $"P-Preferred-Identity: <sip:{Spoofed}@pbx>", "403 caller-not-allowed" },
        { "PPI inside allowed callers", "127.0.0.2", $"P-Preferred-Identity: <tel:{Allowed}>", "0 allowed" },
        { "second From line", "127.0.0.2", $"From: <sip:{Spoofed}@pbx>;tag=2", "403 caller-not-allowed" },
        { "second From in compact form", "127.0.0.2", $"f: <sip:{Spoofed}@pbx>;tag=2", "403 caller-not-allowed" },
        { "second From value on a comma list", "127.0.0.2", $"From: <sip:{Allowed}@pbx>;tag=2, <sip:{Spoofed}@pbx>;tag=3", "403 caller-not-allowed" },
        { "fifth PAI line", "127.0.0.2", Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 4) + $"\nP-Asserted-Identity: <sip:{Spoofed}@pbx>", "403 caller-not-allowed" },
        { "fifth PAI value in one comma list", "127.0.0.2", $"P-Asserted-Identity: <sip:{Allowed}@pbx>, <tel:{Allowed}>, <sip:{Allowed}@a>, <sip:{Allowed}@b>, <sip:{Spoofed}@pbx>", "403 caller-not-allowed" },
        { "third RPID", "127.0.0.2", Repeat($"Remote-Party-ID: <sip:{Allowed}@pbx>;party=calling", 2) + $"\nRemote-Party-ID: <sip:{Spoofed}@pbx>;party=calling", "403 caller-not-allowed" },
        { "PAI, PPI, From and RPID all allowed", "127.0.0.2", $"P-Asserted-Identity: <sip:{Allowed}@pbx>\nP-Preferred-Identity: <sip:{Allowed}@pbx>\nRemote-Party-ID: <sip:{Allowed}@pbx>", "0 allowed" },
        { "31 PAI values and the From are screened", "127.0.0.2", Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 31), "0 allowed" },
        { "32 PAI values and the From are too many", "127.0.0.2", Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 32), "403 too-many-identities" },
        { "a spoofed PAI far past any old capacity", "127.0.0.2", Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 20) + $"\nP-Asserted-Identity: <sip:{Spoofed}@pbx>", "403 caller-not-allowed" },
        { "'#' after the number", "127.0.0.2", $"P-Asserted-Identity: <sip:{Spoofed}%23@pbx>", "403 unreadable-identity" },
        { "'*' in the number", "127.0.0.2", "P-Asserted-Identity: <sip:*8613912345678@pbx>", "403 unreadable-identity" },
        { "'x' after the number", "127.0.0.2", $"P-Asserted-Identity: <sip:{Spoofed}x@pbx>", "403 unreadable-identity" },
        { "a second '+'", "127.0.0.2", "P-Asserted-Identity: <sip:+86+13912345678@pbx>", "403 unreadable-identity" },
        { "%00 in the number", "127.0.0.2", "P-Asserted-Identity: <sip:+86139%0012345678@pbx>", "403 unreadable-identity" },
        { "full-width digits", "127.0.0.2", "P-Asserted-Identity: <sip:＋８６１３９１２３４５６７８@pbx>", "403 unreadable-identity" },
        { "Arabic-Indic digits", "127.0.0.2", "P-Asserted-Identity: <sip:+٨٦١٣٩١٢٣٤٥٦٧٨@pbx>", "403 unreadable-identity" },
        { "tel URI with letters", "127.0.0.2", "P-Asserted-Identity: <tel:+8613912345678x>", "403 unreadable-identity" },
        { "im: scheme", "127.0.0.2", $"P-Asserted-Identity: <im:{Spoofed}@pbx>", "403 unreadable-identity" },
        { "urn: scheme", "127.0.0.2", "P-Preferred-Identity: <urn:service:sos>", "403 unreadable-identity" },
        { "http: scheme", "127.0.0.2", $"Remote-Party-ID: <http://pbx/{Spoofed}>;party=calling", "403 unreadable-identity" },
        { "special line: number at anonymous.invalid outside allowed", "127.0.0.8", $"P-Asserted-Identity: <sip:{Spoofed}@anonymous.invalid>", "403 caller-not-allowed" },
        { "special line: allowed number at anonymous.invalid", "127.0.0.8", $"P-Asserted-Identity: <sip:{Allowed}@anonymous.invalid>\nPrivacy: id", "0 allowed" },
        { "a malformed PPI", "127.0.0.2", "P-Preferred-Identity: <sip:+8613912345678@pbx", "400 bad-identity-header" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_identity_value_is_screened(string name, string source, string extra, string expected)
    {
        var workspace = new ProxyWorkspace(16 * 1024);
        var invite = Invite(extra);
        Parse(workspace, invite).Should().BeTrue(name);

        string actual;
        if (CallAttemptFactory.TryCreate(workspace, SipEndpoint.FromIPv4(Ipv4(source), 5060), SipTransportKind.Udp, 0, out var attempt))
        {
            var decision = Policy.Decide(attempt);
            actual = $"{decision.Status} {decision.RuleId}";
        }
        else
        {
            actual = "400 bad-identity-header";
        }

        actual.Should().Be(expected, name);
    }

    [Theory]
    [InlineData("127.0.0.10", "Diversion: <sip:+861066022236@pbx>;reason=unconditional;counter=1", "0 forwarded")]
    [InlineData("127.0.0.10", "Diversion: <sip:+8613987654321@pbx>;reason=busy, <tel:+861066022236>;reason=unconditional", "0 forwarded")]
    [InlineData("127.0.0.10", "History-Info: <sip:+861066022236@pbx>;index=1, <sip:4008001234@127.0.0.1>;index=1.1", "0 forwarded")]
    [InlineData("127.0.0.10", "History-Info: <sip:4008001234@127.0.0.1>;index=1\nHistory-Info: <sip:+861066022236@pbx>;index=1.1", "403 caller-not-allowed")]
    [InlineData("127.0.0.10", "Diversion: <sip:+8613987654321@pbx>", "403 caller-not-allowed")]
    [InlineData("127.0.0.10", "Diversion: <sip:+861066022236%23@pbx>", "403 unreadable-identity")]
    [InlineData("127.0.0.10", "Diversion: <sip:+861066022236@pbx", "403 unreadable-identity")]
    [InlineData("127.0.0.2", "Diversion: <sip:+861066022236@pbx>", "403 caller-not-allowed")]
    [InlineData("127.0.0.2", "Diversion: <sip:+861066022236@pbx", "403 caller-not-allowed")]
    public void A_diverting_number_excuses_a_From_outside_only_with_allow_forwarded(string source, string extra, string expected)
    {
        var workspace = new ProxyWorkspace(16 * 1024);
        Parse(workspace, Invite(extra.Replace("\\n", "\n", StringComparison.Ordinal), from: Spoofed)).Should().BeTrue();

        CallAttemptFactory.TryCreate(workspace, SipEndpoint.FromIPv4(Ipv4(source), 5060), SipTransportKind.Udp, 0, out var attempt).Should().BeTrue();

        var decision = Policy.Decide(attempt);
        $"{decision.Status} {decision.RuleId}".Should().Be(expected);
    }

    [Fact]
    public void An_initial_MESSAGE_is_read_like_an_INVITE()
    {
        var workspace = new ProxyWorkspace(16 * 1024);
        var message = Invite($"P-Preferred-Identity: <sip:{Spoofed}@pbx>").Replace("INVITE", "MESSAGE", StringComparison.Ordinal);
        Parse(workspace, message).Should().BeTrue();

        CallAttemptFactory.TryCreate(workspace, SipEndpoint.FromIPv4(Ipv4("127.0.0.2"), 5060), SipTransportKind.Udp, 0, out var attempt).Should().BeTrue();

        Policy.Decide(attempt).RuleId.Should().Be(RuleIds.CallerNotAllowed);
    }

    [Fact]
    public void Each_header_and_value_becomes_one_identity_in_header_order()
    {
        var workspace = new ProxyWorkspace(16 * 1024);
        Parse(workspace, Invite($"P-Asserted-Identity: <sip:{Allowed}@pbx>, <tel:{Allowed}>\nP-Preferred-Identity: <im:x@y>\nf: <sip:{Spoofed}@pbx>;tag=2\nRemote-Party-ID: <sip:{Allowed}@pbx>;screen=no;privacy=full")).Should().BeTrue();

        CallAttemptFactory.TryCreate(workspace, SipEndpoint.FromIPv4(Ipv4("127.0.0.2"), 5060), SipTransportKind.Udp, 0, out var attempt).Should().BeTrue();

        var ids = attempt.Identities.ToArray();
        ids.Select(i => i.Origin).Should().Equal(IdentityOrigin.Pai, IdentityOrigin.Pai, IdentityOrigin.Ppi, IdentityOrigin.From, IdentityOrigin.From, IdentityOrigin.Rpid);
        ids[1].Flags.Should().HaveFlag(IdentityFlags.IsTel);
        ids[2].Flags.Should().HaveFlag(IdentityFlags.OtherScheme);
        Encoding.UTF8.GetString(ids[4].UserPart.Span).Should().Be(Spoofed);
        ids[5].Flags.Should().HaveFlag(IdentityFlags.RpidScreenNo);
        ids[5].RpidPrivacy.Should().Be(RpidPrivacy.Full);
    }

    [Fact]
    public void Above_the_limit_one_more_than_the_limit_is_read_and_the_rest_is_not()
    {
        var workspace = new ProxyWorkspace(64 * 1024);
        Parse(workspace, Invite(Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 100))).Should().BeTrue();

        CallAttemptFactory.TryCreate(workspace, SipEndpoint.FromIPv4(Ipv4("127.0.0.2"), 5060), SipTransportKind.Udp, 0, out var attempt).Should().BeTrue();

        attempt.Identities.Length.Should().Be(CallAttempt.MaxIdentities + 1);
        Policy.Decide(attempt).RuleId.Should().Be(RuleIds.TooManyIdentities);
    }

    [Fact]
    public void Building_the_attempt_allocates_nothing()
    {
        var workspace = new ProxyWorkspace(16 * 1024);
        var bytes = Encoding.UTF8.GetBytes(Invite(Repeat($"P-Asserted-Identity: <sip:{Allowed}@pbx>", 10) + $"\nP-Preferred-Identity: <sip:{Allowed}@pbx>\nRemote-Party-ID: <sip:{Allowed}@pbx>"));
        bytes.CopyTo(workspace.Input, 0);
        var source = SipEndpoint.FromIPv4(Ipv4("127.0.0.2"), 5060);
        Run(10);

        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(200);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);

        void Run(int times)
        {
            for (var i = 0; i < times; i++)
            {
                SipParser.Parse(workspace.Input, 0, bytes.Length, SipParserLimits.Default, workspace.Message, SipFramingMode.Datagram);
                CallAttemptFactory.TryCreate(workspace, source, SipTransportKind.Udp, 0, out var attempt);
                Policy.Decide(attempt);
            }
        }
    }

    internal static string Invite(string extra, string from = Allowed)
    {
        var sb = new StringBuilder();
        sb.Append("INVITE sip:4008001234@127.0.0.1 SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-f1\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append($"From: <sip:{from}@127.0.0.2>;tag=f1\r\n");
        sb.Append("To: <sip:4008001234@127.0.0.1>\r\n");
        sb.Append("Call-ID: factory-1\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        foreach (var line in extra.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(line).Append("\r\n");
        }

        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    private static bool Parse(ProxyWorkspace workspace, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(workspace.Input, 0);
        return !SipParser.Parse(workspace.Input, 0, bytes.Length, SipParserLimits.Default, workspace.Message, SipFramingMode.Datagram).IsError;
    }

    private static string Repeat(string line, int times) => string.Join('\n', Enumerable.Repeat(line, times));

    private static uint Ipv4(string address) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(address).GetAddressBytes());

    private static PolicySnapshot CompilePolicy()
    {
        string[] allowed = [Allowed, "+86106602*"];
        var config = new PolicyConfig(
            NumberingConfig.Default,
            [
                new TrunkConfig("acme-line-1", TrunkKind.PrivateLine, ["127.0.0.2/32"], "callcenter", TrunkMode.Enforce, allowed, false, null, [], null),
                new TrunkConfig("acme-special", TrunkKind.PrivateLine, ["127.0.0.8/32"], "callcenter", TrunkMode.Enforce, allowed, true, null, [], null),
                new TrunkConfig("acme-forwarding", TrunkKind.PrivateLine, ["127.0.0.10/32"], "callcenter", TrunkMode.Enforce, allowed, false, null, [], null, AllowForwarded: true),
            ],
            [],
            [],
            ".");
        var result = PolicyCompiler.Compile(config);
        result.Errors.Should().BeEmpty();
        return result.Snapshot!;
    }
}
