using SipGuard.Policy.Configuration;
using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Compilation;

public sealed class PolicyCompilerTests
{
    [Fact]
    public void Every_error_is_returned_with_its_config_path()
    {
        using var dir = new TempDirectory();
        dir.Write("fakes.txt", "+12025550123\nnot-a-number\n+8613800138000\n0086\n");
        var config = new PolicyConfig(
            NumberingConfig.Default with { ServiceNumbers = ["95*", "x"] },
            [
                PolicyFixture.Trunk("acme-line-1", TrunkKind.PrivateLine, "127.0.0.2/32", TrunkMode.Enforce,
                    ["+861066022236", "+86106602*", "+86abc", "+8610660220000..+861066022"])
                    with { DomesticExemptions = ["list:nope"] },
                PolicyFixture.Trunk("acme-line-2", TrunkKind.PrivateLine, "127.0.0.2/32", TrunkMode.Enforce, [])
                    with { Sources = ["127.0.0.2/32", "300.1.1.1", "127.0.0.3/33"] },
            ],
            ["+8613800138000", "hello"],
            [
                new ListConfig("police-intl-fakes", "fakes.txt", ListAction.Reject, 608, null, ["international", "nowhere"]),
                new ListConfig("missing", "missing.txt", ListAction.Reject, 999, null, []),
            ],
            dir.Path);

        var result = PolicyCompiler.Compile(config);

        result.Succeeded.Should().BeFalse();
        var fakes = Path.Combine(dir.Path, "fakes.txt");
        result.Errors.Select(e => (e.ConfigPath, e.File, e.Line)).Should().BeEquivalentTo(new (string, string?, int)[]
        {
            ("numbering.service_numbers[1]", null, 0),
            ("special_users[1]", null, 0),
            ("lists.police-intl-fakes.file", fakes, 2),
            ("lists.police-intl-fakes.file", fakes, 4),
            ("lists.missing.file", Path.Combine(dir.Path, "missing.txt"), 0),
            ("lists.police-intl-fakes.applies_to[1]", null, 0),
            ("lists.missing.code", null, 0),
            ("trunks.acme-line-1.allowed_callers[2]", null, 0),
            ("trunks.acme-line-1.allowed_callers[3]", null, 0),
            ("trunks.acme-line-1.domestic_exemptions[0]", null, 0),
            ("trunks.acme-line-2.sources[0]", null, 0),
            ("trunks.acme-line-2.sources[1]", null, 0),
            ("trunks.acme-line-2.sources[2]", null, 0),
        });
        result.Errors.Single(e => e.ConfigPath == "trunks.acme-line-2.sources[0]").Message.Should().Contain("trunks.acme-line-1.sources[0]");
    }

    [Fact]
    public void Unsupported_country_is_an_error_on_numbering_country()
    {
        var result = PolicyCompiler.Compile(new PolicyConfig(NumberingConfig.Default with { Country = "FR" }, [], [], [], "."));

        result.Errors.Should().ContainSingle().Which.ConfigPath.Should().Be("numbering.country");
    }

    [Fact]
    public void Same_address_on_another_port_is_not_a_duplicate()
    {
        var config = new PolicyConfig(NumberingConfig.Default,
        [
            PolicyFixture.Trunk("a", TrunkKind.Interconnect, "127.0.0.2:5060", TrunkMode.Enforce, []),
            PolicyFixture.Trunk("b", TrunkKind.Interconnect, "127.0.0.2:5062", TrunkMode.Enforce, []),
        ], [], [], ".");

        PolicyCompiler.Compile(config).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void International_trunks_block_domestic_callers_unless_switched_off()
    {
        var config = new PolicyConfig(NumberingConfig.Default,
        [
            PolicyFixture.Trunk("a", TrunkKind.International, "127.0.0.2", TrunkMode.Enforce, []),
            PolicyFixture.Trunk("b", TrunkKind.International, "127.0.0.3", TrunkMode.Enforce, []) with { BlockDomesticCallers = false },
        ], [], [], ".");

        var snapshot = PolicyCompiler.Compile(config).Snapshot!;

        snapshot.Trunks.Select(t => t.BlockDomesticCallers).Should().Equal(true, false);
        var attempt = new CallAttempt(SourceEndpoint.Parse("127.0.0.3", 5060), IdentitySpec.ParseAll("FROM sip:+8613800138000@x"));
        snapshot.Decide(attempt).Outcome.Should().Be(DecisionOutcome.Allow);
    }
}
