using SipGuard.Policy.Configuration;
using SipGuard.Policy.Tests.Support;
using SipGuard.Policy.Yaml;

namespace SipGuard.Policy.Tests.Yaml;

public sealed class PolicyConfigLoaderTests : IDisposable
{
    private const string Policy = """
        numbering: { country: CN }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.2/32" ]
            mode: monitor
            allowed_callers: [ "+861066022236", "+86106602*" ]
            registration: { customer: "Acme Ltd" }
          intl-gw:
            kind: international
            sources: [ "127.0.0.3/32" ]
            domestic_exemptions: [ "list:roaming" ]
        special_users: [ "+8613800138000" ]
        lists:
          roaming: { file: roaming.txt, action: exempt }
          fakes: { file: fakes.txt, action: reject, code: 603, applies_to: [ international ] }
        """;

    private readonly TempDirectory _dir = new();

    public PolicyConfigLoaderTests()
    {
        _dir.Write("roaming.txt", "+8613900000001\n");
        _dir.Write("fakes.txt", "+8613911111111\n");
    }

    public void Dispose() => _dir.Dispose();

    private PolicyConfigLoadResult Load(string yaml, PolicyLoadOptions? options = null) =>
        PolicyConfigLoader.Load(yaml, "policy.yaml", _dir.Path, options);

    [Fact]
    public void A_policy_only_file_loads_every_section()
    {
        var result = Load(Policy);

        result.Errors.Should().BeEmpty();
        var config = result.Config!;
        config.Numbering.Country.Should().Be("CN");
        var line = config.Trunks.Single(t => t.Id == "acme-line-1");
        line.Kind.Should().Be(TrunkKind.PrivateLine);
        line.Mode.Should().Be(TrunkMode.Monitor);
        line.AllowedCallers.Should().Equal("+861066022236", "+86106602*");
        line.Registration!.Customer.Should().Be("Acme Ltd");
        config.Trunks.Single(t => t.Id == "intl-gw").DomesticExemptions.Should().Equal("list:roaming");
        config.SpecialUsers.Should().Equal("+8613800138000");
        config.Lists.Single(l => l.Id == "fakes").RejectCode.Should().Be(603);
        result.ListFiles.Should().Contain(Path.Combine(_dir.Path, "fakes.txt"));
    }

    [Fact]
    public void A_misspelt_trunk_key_is_located_by_line_and_column_with_a_suggestion()
    {
        var result = Load(Policy.Replace("allowed_callers:", "allowd_callers:", StringComparison.Ordinal));

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ToString().Should()
            .Be("policy.yaml:7:5: error: trunks.acme-line-1.allowd_callers: unknown key 'allowd_callers'; did you mean 'allowed_callers'?");
    }

    [Fact]
    public void Proxy_keys_are_errors_unless_the_caller_names_them_as_another_readers()
    {
        var withProxy = "listen: [ \"udp://127.0.0.1:5060\" ]\n" + Policy.Replace("mode: monitor", "mode: monitor\n    upstream: callcenter", StringComparison.Ordinal);

        Load(withProxy).Errors.Select(e => e.ConfigPath).Should().BeEquivalentTo(["listen", "trunks.acme-line-1.upstream"]);

        var shared = new PolicyLoadOptions { OtherSections = ["listen"], OtherTrunkKeys = ["upstream"] };
        var result = Load(withProxy, shared);
        result.Errors.Should().BeEmpty();
        result.Config!.Trunks.Should().HaveCount(2);
    }

    [Fact]
    public void A_dangling_list_reference_and_a_bad_scope_are_reported()
    {
        var yaml = Policy
            .Replace("list:roaming", "list:roamng", StringComparison.Ordinal)
            .Replace("applies_to: [ international ]", "applies_to: [ internatonal ]", StringComparison.Ordinal);

        var messages = Load(yaml).Errors.Select(e => e.ToString()).ToArray();

        messages.Should().HaveCount(2);
        messages[0].Should().StartWith("policy.yaml:12:28: error: trunks.intl-gw.domestic_exemptions[0]: no list named 'roamng'").And.Contain("did you mean 'roaming'?");
        messages[1].Should().StartWith("policy.yaml:16:70: error: lists.fakes.applies_to[0]: 'internatonal' is neither a trunk kind").And.Contain("did you mean 'international'?");
    }

    [Fact]
    public void Yaml_syntax_errors_and_missing_files_come_back_as_errors()
    {
        Load("trunks: [ a\nlists:").Errors.Should().ContainSingle().Which.Message.Should().StartWith("YAML syntax");

        var missing = PolicyConfigLoader.LoadFile(Path.Combine(_dir.Path, "absent.yaml"));
        missing.Errors.Should().ContainSingle().Which.Message.Should().StartWith("cannot read the config file");
    }

    [Fact]
    public void A_bad_CIDR_is_a_load_error_at_its_place()
    {
        var loaded = Load(Policy.Replace("\"127.0.0.2/32\"", "\"127.0.0.2/33\"", StringComparison.Ordinal));

        var error = loaded.Errors.Should().ContainSingle().Which;
        error.Location.Should().Be(new ConfigLocation("policy.yaml", 5, 16));
        error.ConfigPath.Should().Be("trunks.acme-line-1.sources[0]");
    }

    [Fact]
    public void The_source_map_locates_errors_the_compiler_finds_later()
    {
        var loaded = Load(Policy.Replace("\"+86106602*\"", "\"+86abc*\"", StringComparison.Ordinal));
        loaded.Errors.Should().BeEmpty("a number pattern's meaning is the compiler's to judge");

        var compiled = PolicyCompiler.Compile(loaded.Config!);

        compiled.Succeeded.Should().BeFalse();
        var located = loaded.Map.ToConfigError(compiled.Errors.Single());
        located.Location.Should().Be(new ConfigLocation("policy.yaml", 7, 41));
        located.ConfigPath.Should().Be("trunks.acme-line-1.allowed_callers[1]");
    }
}
