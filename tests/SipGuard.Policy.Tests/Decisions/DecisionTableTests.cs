using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Decisions;

/// <summary>A row per rule and per edge: trunk, Privacy header, identities as presented, expected verdict.</summary>
public sealed class DecisionTableTests(PolicyFixture fixture) : IClassFixture<PolicyFixture>
{
    public static TheoryData<string, string, string, string, string> Rows => new()
    {
        // name, trunk, privacy, identities, expected "Outcome status rule"
        { "PAI and From both allowed", "acme", "", "PAI sip:+861066022236@pbx | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "From only, allowed", "acme", "", "FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "PAI allowed, From spoofed: a valid PAI does not excuse the From", "acme", "", "PAI sip:+861066022236@pbx | FROM sip:+8613912345678@pbx", "Reject 403 caller-not-allowed" },
        { "PAI spoofed over an allowed From", "acme", "", "PAI sip:+8613912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "sip and tel PAI both allowed", "acme", "", "PAI sip:+861066022236@pbx | PAI tel:+86-10-6602-2236 | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "sip PAI allowed, tel PAI spoofed", "acme", "", "PAI sip:+861066022236@pbx | PAI tel:+8613912345678 | FROM sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "RPID privacy=full withholds", "acme", "", "RPID sip:+861066022236@pbx;privacy=full | FROM sip:+861066022236@pbx", "Reject 433 withheld-caller" },
        { "RPID privacy=uri withholds", "acme", "", "RPID sip:+861066022236@pbx;privacy=uri | FROM sip:+861066022236@pbx", "Reject 433 withheld-caller" },
        { "RPID privacy=name hides only the name", "acme", "", "RPID sip:+861066022236@pbx;privacy=name | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "RPID screen=no is still checked against allowed callers", "acme", "", "RPID sip:+8613912345678@pbx;screen=no | FROM sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "anonymous From, allowed PAI, Privacy id: withheld", "acme", "id", "PAI sip:+861066022236@pbx | FROM \"Anonymous\" sip:anonymous@anonymous.invalid", "Reject 433 withheld-caller" },
        { "anonymous From, special-user PAI, Privacy id: allowed", "acme", "id", "PAI sip:+8613800138000@pbx | FROM \"Anonymous\" sip:anonymous@anonymous.invalid", "Allow 0 allowed" },
        { "Privacy user withholds", "acme", "user", "FROM sip:+861066022236@pbx", "Reject 433 withheld-caller" },
        { "Privacy header withholds", "acme", "header", "FROM sip:+861066022236@pbx", "Reject 433 withheld-caller" },
        { "Privacy none does not withhold", "acme", "none", "FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "Privacy critical alone does not withhold", "acme", "critical", "FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "anonymous From and no PAI: no number at all", "acme", "", "FROM sip:anonymous@anonymous.invalid", "Reject 433 empty-caller" },
        { "digits at anonymous.invalid withhold a number that is still screened", "acme", "", "FROM sip:861066022236@anonymous.invalid", "Reject 433 withheld-caller" },
        { "special line: a number at anonymous.invalid must still be allowed", "acme-special", "", "FROM sip:+8613912345678@anonymous.invalid", "Reject 403 caller-not-allowed" },
        { "special line: an allowed number at anonymous.invalid may withhold", "acme-special", "", "FROM sip:+861066022236@anonymous.invalid", "Allow 0 allowed" },
        { "special line: anonymous without a number", "acme-special", "id", "FROM sip:anonymous@anonymous.invalid", "Allow 0 allowed" },
        { "special line: a spoofed From is still refused", "acme-special", "id", "FROM sip:+8613912345678@pbx", "Reject 403 caller-not-allowed" },
        { "PPI outside allowed callers", "acme", "", "PPI sip:+8613912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "PPI inside allowed callers", "acme", "", "PPI sip:+861066022236@pbx | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "PPI on a blacklist", "acme", "", "PPI tel:+861066022001 | FROM sip:+861066022236@pbx", "Reject 603 blacklisted" },
        { "second From spoofed", "acme", "", "FROM sip:+861066022236@pbx | FROM sip:+8613912345678@pbx", "Reject 403 caller-not-allowed" },
        { "fifth PAI spoofed", "acme", "", "4 × PAI sip:+861066022236@pbx | PAI sip:+8613912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "third RPID spoofed", "acme", "", "FROM sip:+861066022236@pbx | 2 × RPID sip:+861066022236@pbx | RPID sip:+8613912345678@pbx", "Reject 403 caller-not-allowed" },
        { "32 identity values are screened", "acme", "", "31 × PAI sip:+861066022236@pbx | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "33 identity values are refused, not partly read", "acme", "", "32 × PAI sip:+861066022236@pbx | FROM sip:+861066022236@pbx", "Reject 403 too-many-identities" },
        { "'#' after the number", "acme", "", "PAI sip:+8613912345678#@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "'*' in the number", "acme", "", "PAI sip:*86139*12345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "'x' after the number", "acme", "", "PAI sip:+8613912345678x@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "a second '+'", "acme", "", "PAI sip:+86+13912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "a second escaped '+'", "acme", "", "PAI sip:+86%2B13912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "a lone '+'", "acme", "", "PAI sip:+@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "NUL in the number", "acme", "", "PAI sip:+86139\0" + "12345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "%00 in the number", "acme", "", "PAI sip:+86139%0012345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "full-width digits", "acme", "", "PAI sip:＋８６１３９１２３４５６７８@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "Arabic-Indic digits", "acme", "", "FROM sip:+٨٦١٣٩١٢٣٤٥٦٧٨@pbx | PAI sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "digits and letters in a From", "acme", "", "FROM sip:alice1@pbx | PAI sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "a tel URI that is not a number", "acme", "", "PAI tel:alice | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "user=phone that is not a number", "acme", "", "PAI sip:alice@pbx;user=phone | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "im: scheme", "acme", "", "PAI im:+8613912345678@pbx | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "urn: scheme", "acme", "", "PPI urn:service:sos | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "http: scheme", "acme", "", "RPID http://evil.example/+8613912345678 | FROM sip:+861066022236@pbx", "Reject 403 unreadable-identity" },
        { "unreadable on a trusted trunk", "core", "", "FROM sip:+8613912345678#@pbx", "Reject 403 unreadable-identity" },
        { "unreadable on an international trunk", "intl", "", "FROM sip:+4930123456789*@carrier", "Reject 403 unreadable-identity" },
        { "monitor mode: unreadable would be rejected", "monitor", "", "FROM sip:+８６1066022236@pbx", "WouldReject 403 unreadable-identity" },
        { "allow_forwarded: a diverting number inside allowed callers excuses the From", "forwarding", "", "FROM sip:+8613912345678@pbx | DIV sip:+861066022236@pbx", "Allow 0 forwarded" },
        { "allow_forwarded: History-Info entry excuses the From", "forwarding", "", "FROM sip:+8613912345678@pbx | HI sip:+861066022236@pbx", "Allow 0 forwarded" },
        { "allow_forwarded: a diverting number outside allowed callers excuses nothing", "forwarding", "", "FROM sip:+8613912345678@pbx | DIV sip:+8613987654321@pbx", "Reject 403 caller-not-allowed" },
        { "allow_forwarded: an allowed From needs no diversion", "forwarding", "", "FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "allow_forwarded: a diverting number outside allowed callers under an allowed From", "forwarding", "", "FROM sip:+861066022236@pbx | DIV sip:+8613987654321@pbx", "Allow 0 allowed" },
        { "allow_forwarded: the diverting number is blacklist-checked", "forwarding", "", "FROM sip:+8613912345678@pbx | DIV sip:+861066022001@pbx", "Reject 603 blacklisted" },
        { "allow_forwarded: the diverting number must be valid", "forwarding", "", "FROM sip:+861066022236@pbx | DIV sip:+8610660222@pbx", "Reject 403 invalid-number" },
        { "allow_forwarded: an unreadable diverting number fails closed", "forwarding", "", "FROM sip:+861066022236@pbx | DIV sip:+861066022236#@pbx", "Reject 403 unreadable-identity" },
        { "allow_forwarded: the From is still screened against the plan", "forwarding", "", "FROM sip:+8610660222@pbx | DIV sip:+861066022236@pbx", "Reject 403 invalid-number" },
        { "allow_forwarded: a grey-listed From is still tagged", "forwarding", "", "FROM sip:013512345678@pbx | DIV sip:+861066022236@pbx", "Tag 0 grey-listed" },
        { "allow_forwarded: an anonymous diverting entry does not withhold the caller", "forwarding", "", "FROM sip:+861066022236@pbx | DIV sip:anonymous@anonymous.invalid", "Allow 0 allowed" },
        { "no allow_forwarded: Diversion excuses nothing", "acme", "", "FROM sip:+8613912345678@pbx | DIV sip:+861066022236@pbx", "Reject 403 caller-not-allowed" },
        { "no allow_forwarded: Diversion is not screened", "acme", "", "FROM sip:+861066022236@pbx | DIV sip:+861066022236#@pbx | HI sip:+861066022001@pbx", "Allow 0 allowed" },
        { "mode off forwards even unreadable identities unscreened", "off", "", "FROM sip:+8613912345678#@pbx", "Allow 0 not-screened" },
        { "display name only: digits in the display name are not a number", "acme", "", "FROM \"+861066022236\" sip:pbx.example.com", "Reject 433 empty-caller" },
        { "Anonymous display name without a number withholds", "acme", "", "PAI sip:+861066022236@pbx | FROM \"Anonymous\" sip:pbx.example.com", "Reject 433 withheld-caller" },
        { "letters present no number", "acme", "", "FROM sip:alice@pbx", "Reject 433 empty-caller" },
        { "no identities at all", "acme", "", "", "Reject 433 empty-caller" },
        { "national form 010", "acme", "", "FROM sip:01066022236@pbx", "Allow 0 allowed" },
        { "international form 0086", "acme", "", "FROM sip:00861066022236@pbx", "Allow 0 allowed" },
        { "country code without plus", "acme", "", "FROM sip:861066022236@pbx", "Allow 0 allowed" },
        { "bare mobile", "acme", "", "FROM sip:13800138123@pbx", "Allow 0 allowed" },
        { "visual separators in a tel URI", "acme", "", "PAI tel:+86-(10)-6602.2236 | FROM sip:+861066022236@pbx", "Allow 0 allowed" },
        { "user=phone with separators", "acme", "", "FROM sip:+86-10-6602-2236@pbx;user=phone", "Allow 0 allowed" },
        { "tel phone-context places a local number", "acme", "", "PAI tel:6602-2236;phone-context=+86-10 | FROM sip:01066022236@pbx", "Allow 0 allowed" },
        { "phone-context inside a sip user part", "acme", "", "FROM sip:66022236;phone-context=+86-10@pbx;user=phone", "Allow 0 allowed" },
        { "percent-escaped plus", "acme", "", "FROM sip:%2B861066022236@pbx", "Allow 0 allowed" },
        { "+86 0 is an anomaly", "acme", "", "FROM sip:+8601066022236@pbx", "Reject 403 invalid-number" },
        { "IP-access prefix is an anomaly", "acme", "", "FROM sip:1795101066022236@pbx", "Reject 403 invalid-number" },
        { "unassigned number (wrong length) is invalid", "acme", "", "FROM sip:+8610660222@pbx", "Reject 403 invalid-number" },
        { "range low edge", "acme", "", "FROM sip:+8675526030000@pbx", "Allow 0 allowed" },
        { "range high edge", "acme", "", "FROM sip:+8675526039999@pbx", "Allow 0 allowed" },
        { "just below the range", "acme", "", "FROM sip:+8675526029999@pbx", "Reject 403 caller-not-allowed" },
        { "just above the range", "acme", "", "FROM sip:+8675526040000@pbx", "Reject 403 caller-not-allowed" },
        { "prefix covers a number", "acme", "", "FROM sip:+861066029999@pbx", "Allow 0 allowed" },
        { "blacklist scoped to the trunk id rejects with its code", "acme", "", "FROM sip:+861066022001@pbx", "Reject 603 blacklisted" },
        { "blacklist checked before the withheld rule", "acme", "id", "PAI sip:+861066022001@pbx | FROM sip:anonymous@anonymous.invalid", "Reject 603 blacklisted" },
        { "international-only blacklist does not apply to a private line", "acme", "", "FROM sip:+861066022299@pbx", "Allow 0 allowed" },
        { "trunk-scoped blacklist does not apply to another trunk", "monitor", "", "FROM sip:+861066022001@pbx", "Allow 0 allowed" },
        { "grey list tags and forwards", "acme", "", "FROM sip:+8613512345678@pbx", "Tag 0 grey-listed" },
        { "monitor mode: spoofed caller would be rejected", "monitor", "", "PAI sip:+861066022236@pbx | FROM sip:+8613912345678@pbx", "WouldReject 403 caller-not-allowed" },
        { "monitor mode: withheld caller would be rejected", "monitor", "id", "FROM sip:+861066022236@pbx", "WouldReject 433 withheld-caller" },
        { "mode off forwards unscreened", "off", "", "FROM sip:+8613912345678@pbx", "Allow 0 not-screened" },
        { "unknown peer", "stranger", "", "FROM sip:+861066022236@pbx", "Reject 403 unknown-peer" },
        { "+86 caller on an international trunk", "intl", "", "FROM sip:+8613512340000@carrier", "Reject 403 domestic-caller-on-international" },
        { "+86 caller on an international trunk with an exemption", "intl", "", "FROM sip:+8613912345678@carrier", "Allow 0 allowed" },
        { "+86 caller exempt through a roaming list", "intl", "", "FROM sip:+8613700000001@carrier", "Allow 0 allowed" },
        { "+86 hidden behind 0086 on an international trunk", "intl", "", "FROM sip:008613512340000@carrier", "Reject 403 domestic-caller-on-international" },
        { "foreign caller on an international trunk", "intl", "", "FROM sip:+4930123456789@carrier", "Allow 0 allowed" },
        { "police list on an international trunk", "intl", "", "FROM sip:+12025550123@carrier", "Reject 608 blacklisted" },
        { "police list prefix on an international trunk", "intl", "", "FROM sip:+442071234567@carrier", "Reject 608 blacklisted" },
        { "police list entry that is domestic: blacklist wins", "intl", "", "FROM sip:+861066022299@carrier", "Reject 608 blacklisted" },
        { "special trunk with an empty caller", "special", "", "FROM sip:anonymous@anonymous.invalid", "Allow 0 allowed" },
        { "special trunk with a withheld caller", "special", "id", "FROM sip:+8613512340000@pbx", "Allow 0 allowed" },
        { "interconnect with an empty caller", "carrier", "", "FROM sip:pbx.example.com", "Reject 433 empty-caller" },
        { "interconnect with a valid caller", "carrier", "", "FROM sip:+8613512340000@pbx", "Allow 0 allowed" },
        { "interconnect with an invalid caller", "carrier", "", "FROM sip:+861234@pbx", "Reject 403 invalid-number" },
        { "trusted trunk: empty caller forwarded", "core", "", "FROM sip:anonymous@anonymous.invalid", "Allow 0 allowed" },
        { "trusted trunk: its own blacklist applies (default 608)", "core", "", "FROM sip:+8613511112222@pbx", "Reject 608 blacklisted" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decision_matches_the_table(string name, string trunk, string privacy, string identities, string expected)
    {
        var attempt = new CallAttempt(PolicyFixture.SourceOf(trunk), IdentitySpec.ParseAll(identities), IdentitySpec.Privacy(privacy));

        var decision = fixture.Snapshot.Decide(attempt);

        $"{decision.Outcome} {decision.Status} {decision.RuleId}".Should().Be(expected, because: $"{name}\n{fixture.Snapshot.Explain(attempt)}");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Explain_ends_in_the_same_decision_as_Decide(string name, string trunk, string privacy, string identities, string expected)
    {
        _ = name;
        _ = expected;
        var attempt = new CallAttempt(PolicyFixture.SourceOf(trunk), IdentitySpec.ParseAll(identities), IdentitySpec.Privacy(privacy));

        var trace = fixture.Snapshot.Explain(attempt);

        trace.Decision.ToString().Should().Be(fixture.Snapshot.Decide(attempt).ToString());
        trace.Steps.Should().NotBeEmpty();
        trace.Steps[^1].Verdict.Should().Be(StepVerdict.Decided);
        trace.Identities.Should().HaveCount(Math.Min(IdentitySpec.ParseAll(identities).Length, CallAttempt.MaxIdentities));
    }

    [Fact]
    public void Spoofed_From_under_an_allowed_PAI_names_the_From_and_its_number()
    {
        var attempt = new CallAttempt(PolicyFixture.SourceOf("acme"), IdentitySpec.ParseAll("PAI sip:+861066022236@pbx | FROM sip:013912345678@pbx"));

        var decision = fixture.Snapshot.Decide(attempt);

        decision.IdentityIndex.Should().Be(1);
        decision.RuleNumber.ToString().Should().Be("+8613912345678");
        decision.CallerNumber.ToString().Should().Be("+861066022236");
        decision.Trunk!.Id.Should().Be("acme-line-1");
        decision.ReasonPhrase.Should().Be("Forbidden");
    }

    [Fact]
    public void Allowed_call_carries_the_verified_caller_number_from_the_PAI()
    {
        var attempt = new CallAttempt(PolicyFixture.SourceOf("acme"), IdentitySpec.ParseAll("FROM sip:01066022236@pbx | PAI tel:+86-10-6602-2236"));

        var decision = fixture.Snapshot.Decide(attempt);

        decision.Outcome.Should().Be(DecisionOutcome.Allow);
        decision.CallerNumber.ToString().Should().Be("+861066022236");
        decision.IdentityIndex.Should().Be(1);
    }

    [Fact]
    public void In_dialog_requests_are_forwarded_unscreened_but_strangers_are_still_refused()
    {
        var ids = IdentitySpec.ParseAll("FROM sip:anonymous@anonymous.invalid");

        fixture.Snapshot.Decide(new CallAttempt(PolicyFixture.SourceOf("acme"), ids, inDialog: true)).RuleId.Should().Be(RuleIds.NotScreened);
        fixture.Snapshot.Decide(new CallAttempt(PolicyFixture.SourceOf("stranger"), ids, inDialog: true)).RuleId.Should().Be(RuleIds.UnknownPeer);
    }

    [Fact]
    public void A_forwarded_call_says_so_and_names_the_caller_not_the_diverter()
    {
        var decision = fixture.Snapshot.Decide(new CallAttempt(PolicyFixture.SourceOf("forwarding"), IdentitySpec.ParseAll("DIV sip:+861066022236@pbx | FROM sip:+8613912345678@pbx")));

        decision.Forwarded.Should().BeTrue();
        decision.CallerNumber.ToString().Should().Be("+8613912345678");
        fixture.Snapshot.Explain(new CallAttempt(PolicyFixture.SourceOf("forwarding"), IdentitySpec.ParseAll("DIV sip:+861066022236@pbx | FROM sip:+8613912345678@pbx")))
            .ToString().Should().Contain("forwarded by +861066022236");
        fixture.Snapshot.Decide(new CallAttempt(PolicyFixture.SourceOf("forwarding"), IdentitySpec.ParseAll("FROM sip:+861066022236@pbx"))).Forwarded.Should().BeFalse();
    }

    [Fact]
    public void Grey_list_decision_carries_its_label_and_list()
    {
        var decision = fixture.Snapshot.Decide(new CallAttempt(PolicyFixture.SourceOf("acme"), IdentitySpec.ParseAll("FROM sip:+8613512345678@pbx")));

        decision.Tag.Should().Be("suspected fraud");
        decision.ListId.Should().Be("suspected-fraud");
        decision.Forwards.Should().BeTrue();
    }

    [Fact]
    public void Explain_shows_each_identity_as_presented_and_normalised()
    {
        var trace = fixture.Snapshot.Explain(new CallAttempt(PolicyFixture.SourceOf("acme"), IdentitySpec.ParseAll("PAI tel:6602-2236;phone-context=+86-10 | FROM sip:+8601066022236@pbx")));

        trace.TrunkId.Should().Be("acme-line-1");
        trace.Identities[0].Normalized.Should().Be("+861066022236");
        trace.Identities[0].Form.Should().Be(NumberForm.PhoneContext);
        trace.Identities[1].Anomalies.Should().Be(NumberAnomaly.NationalPrefixAfterCountryCode);
        trace.ToString().Should().Contain("invalid-number");
    }
}
