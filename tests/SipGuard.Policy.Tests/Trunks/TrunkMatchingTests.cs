using SipGuard.Policy.Configuration;
using SipGuard.Policy.Trunks;
using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Trunks;

public sealed class TrunkMatchingTests
{
    private static PolicySnapshot Compile(params TrunkConfig[] trunks) =>
        PolicyCompiler.Compile(new PolicyConfig(NumberingConfig.Default, trunks, [], [], ".")).Snapshot!;

    private static TrunkConfig T(string id, params string[] sources) =>
        PolicyFixture.Trunk(id, TrunkKind.Interconnect, sources[0], TrunkMode.Enforce, []) with { Sources = sources };

    [Theory]
    [InlineData("10.1.2.3", 5060, "host")]
    [InlineData("10.1.2.3", 5080, "host-port")]
    [InlineData("10.1.2.4", 5060, "subnet")]
    [InlineData("10.9.9.9", 5060, "wide")]
    [InlineData("11.0.0.1", 5060, null)]
    [InlineData("2001:db8::1", 5060, "v6-host")]
    [InlineData("2001:db8::2", 5060, "v6-net")]
    [InlineData("::ffff:10.1.2.3", 5060, "host")]
    [InlineData("2001:db9::1", 5060, null)]
    public void Longest_prefix_wins_and_a_port_beats_no_port(string address, int port, string? expected)
    {
        var snapshot = Compile(
            T("wide", "10.0.0.0/8"),
            T("subnet", "10.1.2.0/24"),
            T("host", "10.1.2.3/32"),
            T("host-port", "10.1.2.3:5080"),
            T("v6-net", "2001:db8::/32"),
            T("v6-host", "[2001:db8::1]/128:5060"));

        snapshot.FindTrunk(SourceEndpoint.Parse(address, port))?.Id.Should().Be(expected);
        if (expected is null)
        {
            snapshot.FindTrunk(SourceEndpoint.Parse(address, port)).Should().BeNull();
        }
    }

    [Fact]
    public void TenThousandSingleAddressTrunks_EachSourceFindsItsOwn_AndTheWideRangeTheRest()
    {
        var trunks = Enumerable.Range(0, 10_000).Select(i => T($"t{i}", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}/32")).ToList();
        trunks.Add(T("wide", "10.0.0.0/8"));
        var snapshot = Compile([.. trunks]);

        foreach (var i in new[] { 0, 1, 255, 256, 4_999, 9_999 })
        {
            snapshot.FindTrunk(SourceEndpoint.Parse($"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}", 5060))?.Id.Should().Be($"t{i}");
        }

        snapshot.FindTrunk(SourceEndpoint.Parse("10.0.39.16", 5060))?.Id.Should().Be("wide", "10.0.39.16 is trunk 10,000: none");
        snapshot.FindTrunk(SourceEndpoint.Parse("127.0.0.1", 5060)).Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomOverlappingPatterns_MatchLikeAScanInPrecedenceOrder(int seed)
    {
        // A small address universe (10.0.0.0/29 and two ports) so prefixes and ports overlap; the same
        // pattern twice is refused by the compiler ("already claimed"), so each is drawn once.
        var random = new Random(seed);
        var sources = Enumerable.Range(0, 60).Select(_ => Pattern(random)).Distinct().Take(30).ToList();
        var snapshot = Compile([.. sources.Select((source, i) => T($"t{i}", source))]);
        var parsed = sources.Select((source, i) => (Parsed(source), Id: $"t{i}")).ToList();

        // The precedence, spelled out: longest prefix, then a port before none.
        var byPrecedence = parsed
            .OrderByDescending(e => e.Item1.PrefixLength)
            .ThenByDescending(e => e.Item1.Port != 0)
            .ToList();
        for (var host = 0; host < 8; host++)
        {
            foreach (var port in new[] { 5060, 5080, 7000 })
            {
                var source = SourceEndpoint.Parse($"10.0.0.{host}", port);
                var expected = byPrecedence.FirstOrDefault(e => e.Item1.Matches(source)).Id;
                snapshot.FindTrunk(source)?.Id.Should().Be(expected, $"10.0.0.{host}:{port} with seed {seed}");
                if (expected is null)
                {
                    snapshot.FindTrunk(source).Should().BeNull();
                }
            }
        }
    }

    private static string Pattern(Random random)
    {
        var length = random.Next(29, 33);
        var address = random.Next(0, 8) & (0xFF << (32 - length)) & 0xFF;
        var port = random.Next(3) switch { 0 => ":5060", 1 => ":5080", _ => string.Empty };
        return $"10.0.0.{address}/{length}{port}";
    }

    private static SourcePattern Parsed(string source)
    {
        SourcePattern.TryParse(source, out var pattern, out var error).Should().BeTrue(error);
        return pattern;
    }
}
