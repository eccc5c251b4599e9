using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class ConfigSourceMapTests : IDisposable
{
    private const string Yaml = """
        listen: [ "udp://127.0.0.1:5060" ]
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
        trunks:
          acme-line-1:
            kind: private-line
            sources:
              - "10.0.0.1/32"
            upstream: callcenter
            allowed_callers:
              - "+861066022236"
              - "+86106602*"
              - "+8610660229999..+8610660220000"
        special_users: [ "+8613800138000", "12" ]
        lists:
          fakes: { file: lists/fakes.txt, action: reject }
        numbering: { country: XX }
        """;

    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigSourceMap Map()
    {
        var result = ConfigLoader.Load(Yaml.ReplaceLineEndings("\n"), "config/sipguard.yaml", _dir.Directory);
        result.Errors.Should().BeEmpty();
        return result.Map;
    }

    [Theory]
    [InlineData("trunks.acme-line-1.sources[0]", 8, 9)]
    [InlineData("trunks.acme-line-1.allowed_callers[2]", 13, 9)]
    [InlineData("trunks.acme-line-1", 6, 5)]
    [InlineData("special_users[1]", 14, 36)]
    [InlineData("lists.fakes.file", 16, 18)]
    [InlineData("numbering.country", 17, 23)]
    [InlineData("upstreams.callcenter.targets[0]", 3, 28)]
    public void Compiler_paths_map_to_the_line_and_column_of_their_value(string path, int line, int column)
    {
        Map().Locate(path).Should().Be(new ConfigLocation("config/sipguard.yaml", line, column));
    }

    [Fact]
    public void Path_the_file_does_not_contain_falls_back_to_the_nearest_enclosing_node()
    {
        var map = Map();
        map.Locate("trunks.acme-line-1.special").Should().Be(map.Locate("trunks.acme-line-1"));
        map.Locate("trunks.acme-line-1.allowed_callers[7]").Should().Be(map.Locate("trunks.acme-line-1.allowed_callers"));
        map.Locate("nothing.here").Should().Be(new ConfigLocation("config/sipguard.yaml", 1, 1));
    }

    [Fact]
    public void Key_location_points_at_the_key_not_the_value()
    {
        Map().LocateKey("trunks.acme-line-1.sources").Should().Be(new ConfigLocation("config/sipguard.yaml", 7, 5));
    }

    [Fact]
    public void Synthetic_compiler_error_prints_as_file_line_column_error()
    {
        var error = Map().ToConfigError(new CompileError(
            "trunks.acme-line-1.sources[0]", "'10.0.0.1/33' is not a valid CIDR (prefix length must be 0..32)"));
        error.ToString().Should().Be(
            "config/sipguard.yaml:8:9: error: trunks.acme-line-1.sources[0]: '10.0.0.1/33' is not a valid CIDR (prefix length must be 0..32)");
    }

    [Fact]
    public void Compiler_error_in_a_list_file_points_at_the_list_file_line()
    {
        var error = Map().ToConfigError(new CompileError("lists.fakes.file", "'+86abc' is not a number or prefix", "lists/fakes.txt", 12));
        error.ToString().Should().Be(
            $"{Path.Join("config", "lists/fakes.txt")}:12: error: lists.fakes.file: '+86abc' is not a number or prefix");
    }

    [Fact]
    public void Every_node_of_the_file_has_a_path()
    {
        Map().Paths.Should().Contain(
            ["", "listen", "listen[0]", "upstreams.callcenter.targets", "trunks.acme-line-1.allowed_callers[1]", "lists.fakes.action"]);
    }
}
