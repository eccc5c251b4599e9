using SipGuard.Policy.Configuration;
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
}
