using System.CommandLine;
using System.Net;
using SipGuard.Cli;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Cli;

public sealed class SipGuardCliTests : IDisposable
{
    private readonly TempConfig _dir = new();
    private readonly RecordingCompiler _compiler = new();
    private readonly CapturingExplainer _explainer = new();

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var seams = new HostSeams(_compiler, _explainer, _ => throw new InvalidOperationException("run is not exercised here"));
        var exit = SipGuardCli.Build(seams).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Check_of_a_valid_config_exits_zero_and_says_ok()
    {
        var (exit, output, error) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(0);
        output.Should().Be($"{_dir.ConfigPath}: OK (1 trunk, 1 upstream, 1 list, 1 listener){Environment.NewLine}");
        error.Should().BeEmpty();
    }

    [Fact]
    public void Check_says_that_an_upstream_target_written_as_a_name_is_resolved_at_run_time()
    {
        _dir.Write(TempConfig.Valid.Replace("sip:127.0.0.1:5080", "sip:core.carrier.example", StringComparison.Ordinal));

        var (exit, output, _) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(0);
        output.Should().Contain("  upstreams.callcenter: sip:core.carrier.example is a DNS name, resolved at run time (docs/dns.md)");
    }

    [Fact]
    public void Check_of_the_shipped_default_config_exits_zero()
    {
        Run("check", "--config", RepositoryFiles.DefaultConfig).Exit.Should().Be(0);
    }

    [Fact]
    public void Check_of_an_invalid_config_exits_one_and_prints_every_error_with_its_location()
    {
        _dir.Write(TempConfig.Valid
            .Replace("kind: private-line", "kind: privat-line", StringComparison.Ordinal)
            .Replace("upstream: callcenter", "upstream: nowhere", StringComparison.Ordinal));

        var (exit, output, error) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"{_dir.ConfigPath}:6:11: error: trunks.acme-line-1.kind: 'privat-line' is not one of private-line | international | interconnect | trusted; did you mean 'private-line'?",
            $"{_dir.ConfigPath}:8:15: error: trunks.acme-line-1.upstream: no upstream named 'nowhere' under 'upstreams:'; defined: callcenter",
            $"{_dir.ConfigPath}: 2 errors; the config was not accepted");
    }

    [Fact]
    public void Check_refuses_an_upstream_target_whose_transport_no_listener_provides()
    {
        _dir.Write(TempConfig.Valid.Replace("sip:127.0.0.1:5080", "sip:127.0.0.1:5080;transport=tcp", StringComparison.Ordinal));

        var (exit, output, error) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().StartWith($"{_dir.ConfigPath}:3:28: error: upstreams.callcenter.targets[0]: 'sip:127.0.0.1:5080;transport=tcp' is reached over TCP, and no listener provides it");
    }

    [Fact]
    public void Check_of_an_alias_bomb_exits_one_at_once_with_the_alias_located()
    {
        _dir.Write(TempConfig.Valid + "\n" + Reload.SuspectEditReloadTests.BillionLaughs);

        var (exit, output, error) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().StartWith($"{_dir.ConfigPath}:13:9: error: YAML alias '*a' is not allowed in the config");
    }

    [Fact]
    public void Check_prints_compiler_errors_located_in_the_file()
    {
        _compiler.Errors = [new CompileError("trunks.acme-line-1.allowed_callers[0]", "'+861066022236' overlaps another trunk")];

        var (exit, _, error) = Run("check", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        error.Should().StartWith(
            $"{_dir.ConfigPath}:9:24: error: trunks.acme-line-1.allowed_callers[0]: '+861066022236' overlaps another trunk");
    }

    [Fact]
    public void Check_of_a_missing_file_exits_one()
    {
        var (exit, _, error) = Run("check", "--config", Path.Combine(_dir.Directory, "absent.yaml"));

        exit.Should().Be(1);
        error.Should().Contain("error: cannot read the config file");
    }

    [Fact]
    public void Run_with_an_invalid_config_stops_start_up_with_exit_one_and_the_errors()
    {
        _dir.Write(TempConfig.Valid.Replace("udp://127.0.0.1:5060", "udp://127.0.0.1:0", StringComparison.Ordinal));

        var (exit, _, error) = Run("run", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        error.Should().StartWith($"{_dir.ConfigPath}:1:11: error: listen[0]: 'udp://127.0.0.1:0': '0' is not a port (1..65535)");
    }

    [Fact]
    public void Help_lists_every_command_with_its_description()
    {
        var (exit, output, _) = Run("--help");

        exit.Should().Be(0);
        output.Should().Contain("SipGuard: a SIP proxy that authenticates caller numbers")
            .And.Contain("run").And.Contain("Run the proxy")
            .And.Contain("check").And.Contain("Validate a config file")
            .And.Contain("explain").And.Contain("Show how the policy would decide")
            .And.Contain("--version");
    }

    [Fact]
    public void Help_of_explain_describes_every_option()
    {
        var (exit, output, _) = Run("explain", "--help");

        exit.Should().Be(0);
        foreach (var option in new[] { "--config <PATH>", "--source <IP[:PORT]> (REQUIRED)", "--from <URI>", "--pai <URI>", "--rpid <VALUE>", "--privacy <TOKENS>", "--to <URI>" })
        {
            output.Should().Contain(option);
        }

        output.Should().Contain("[default: config/sipguard.yaml]");
    }

    [Fact]
    public void Version_prints_a_version_and_exits_zero()
    {
        var (exit, output, _) = Run("--version");

        exit.Should().Be(0);
        output.Trim().Should().MatchRegex(@"^\d+\.\d+");
    }

    [Fact]
    public void Explain_passes_the_parsed_call_attempt_to_the_explainer()
    {
        var (exit, _, error) = Run(
            "explain", "--config", _dir.ConfigPath, "--source", "127.0.0.2:5062",
            "--from", "sip:+861066022236@127.0.0.2", "--pai", "sip:+861066022236@127.0.0.2", "--pai", "tel:+861066022236",
            "--rpid", "<sip:+861066022236@127.0.0.2>;privacy=full", "--privacy", "id;Header", "--to", "sip:4001@127.0.0.1");

        error.Should().BeEmpty();
        exit.Should().Be(CapturingExplainer.ExitCode);
        var request = _explainer.Request!;
        request.Source.Should().Be(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5062));
        request.From.Should().Be("sip:+861066022236@127.0.0.2");
        request.PAssertedIdentities.Should().Equal("sip:+861066022236@127.0.0.2", "tel:+861066022236");
        request.RemotePartyId.Should().Be("<sip:+861066022236@127.0.0.2>;privacy=full");
        request.Privacy.Should().Equal("id", "header");
        request.To.Should().Be("sip:4001@127.0.0.1");
        _explainer.Snapshot!.Config.Policy.Trunks.Single().Id.Should().Be("acme-line-1");
    }

    [Fact]
    public void Explain_with_bad_arguments_exits_one_naming_each_bad_argument()
    {
        var (exit, _, error) = Run(
            "explain", "--config", _dir.ConfigPath, "--source", "not-an-ip", "--pai", "+861066022236", "--privacy", "id;secret");

        exit.Should().Be(1);
        error.Should().Contain("--source 'not-an-ip' is not IP[:PORT]")
            .And.Contain("--pai '+861066022236' is not a sip:, sips: or tel: URI")
            .And.Contain("--privacy 'secret' is not one of none, header, session, user, id, critical");
        _explainer.Request.Should().BeNull();
    }

    [Fact]
    public void Explain_without_a_source_exits_one()
    {
        var (exit, _, error) = Run("explain", "--config", _dir.ConfigPath);

        exit.Should().Be(1);
        error.Should().Contain("--source");
        _explainer.Request.Should().BeNull();
    }

    [Fact]
    public void Explain_with_an_invalid_config_prints_the_config_errors_and_exits_one()
    {
        _dir.Write(TempConfig.Valid.Replace("kind: private-line", "kind: x", StringComparison.Ordinal));

        var (exit, _, error) = Run("explain", "--config", _dir.ConfigPath, "--source", "127.0.0.2");

        exit.Should().Be(1);
        error.Should().Contain($"{_dir.ConfigPath}:6:11: error: trunks.acme-line-1.kind");
        _explainer.Request.Should().BeNull();
    }

    [Theory]
    [InlineData("allowed caller", "127.0.0.2", "sip:+861066022236@127.0.0.2", null, null, 0, "forwarded to upstream 'callcenter'")]
    [InlineData("spoofed PAI", "127.0.0.2", "sip:+861066022236@127.0.0.2", "sip:+8613912345678@127.0.0.2", null, 2, "403 Forbidden, Warning: 399 sipguard \"caller-not-allowed\"")]
    [InlineData("withheld caller", "127.0.0.2", "sip:+861066022236@127.0.0.2", null, "id", 2, "433 Anonymity Disallowed")]
    [InlineData("empty caller", "127.0.0.2", "sip:anonymous@anonymous.invalid", null, null, 2, "\"empty-caller\"")]
    [InlineData("unknown source", "127.0.0.9", "sip:+861066022236@127.0.0.9", null, null, 2, "\"unknown-peer\"")]
    [InlineData("domestic caller from abroad", "127.0.0.3", "sip:+861066022236@127.0.0.3", null, null, 2, "\"domestic-caller-on-international\"")]
    [InlineData("roaming exemption", "127.0.0.3", "sip:+8613900139000@127.0.0.3", null, null, 0, "forwarded")]
    [InlineData("police blacklist", "127.0.0.3", "sip:+12025550143@127.0.0.3", null, null, 2, "608")]
    [InlineData("unassigned number", "127.0.0.3", "sip:+8612000000000@127.0.0.3", null, null, 2, "\"invalid-number\"")]
    public void Explain_on_the_default_config_prints_each_rule_and_the_response(
        string scenario, string source, string from, string? pai, string? privacy, int expectedExit, string expectedResponse)
    {
        var args = new List<string> { "explain", "--config", DefaultConfigPath(), "--source", source, "--from", from };
        if (pai is not null)
        {
            args.AddRange(["--pai", pai]);
        }

        if (privacy is not null)
        {
            args.AddRange(["--privacy", privacy]);
        }

        var output = new StringWriter();
        var exit = SipGuardCli.Build(HostSeams.Default)
            .Parse(args.ToArray())
            .Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        var text = output.ToString();
        exit.Should().Be(expectedExit, scenario);
        text.Should().Contain("1. unknown-peer", scenario).And.Contain("response: ", scenario);
        text.Split('\n').Single(l => l.StartsWith("response: ", StringComparison.Ordinal)).Should().Contain(expectedResponse, scenario);
    }

    private static string DefaultConfigPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SipGuard.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "config", "sipguard.yaml");
    }

    private sealed class CapturingExplainer : IExplainer
    {
        public const int ExitCode = 7;

        public ExplainRequest? Request { get; private set; }

        public RuntimeSnapshot? Snapshot { get; private set; }

        public int Explain(RuntimeSnapshot snapshot, ExplainRequest request, TextWriter output)
        {
            Snapshot = snapshot;
            Request = request;
            return ExitCode;
        }
    }
}
