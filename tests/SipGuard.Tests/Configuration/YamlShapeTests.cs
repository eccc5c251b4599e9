using SipGuard.Configuration;
using SipGuard.Tests.Reload;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class YamlShapeTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] Errors(string yaml) =>
        ConfigLoader.Load(yaml.ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void BillionLaughs_IsRefusedAtTheFirstAlias_BeforeAnythingIsExpanded()
    {
        Errors(TempConfig.Valid + "\n" + SuspectEditReloadTests.BillionLaughs).Should().Equal(
            "sipguard.yaml:13:9: error: YAML alias '*a' is not allowed in the config; write the value out in full");
    }

    [Fact]
    public void AliasOfAScalar_IsRefusedToo()
    {
        Errors(TempConfig.Valid + "\nspecial_users: [ &n \"+8613800138000\", *n ]\n").Should().ContainSingle()
            .Which.Should().StartWith("sipguard.yaml:12:39:").And.Contain("'*n'");
    }

    [Fact]
    public void DeeplyNestedFile_IsRefusedAtTheLevelOverTheLimit()
    {
        var deep = "admin: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        Errors(deep).Should().Equal(
            $"sipguard.yaml:1:{7 + YamlShapeCheck.MaxDepth}: error: nested more than {YamlShapeCheck.MaxDepth} levels deep; the config never needs that");
    }

    [Fact]
    public void MoreNodesThanTheLimit_IsRefused()
    {
        var huge = "special_users: [" + string.Join(",", Enumerable.Repeat("1", YamlShapeCheck.MaxNodes + 1)) + "]\n";

        Errors(huge).Should().ContainSingle().Which.Should().Contain($"more than {YamlShapeCheck.MaxNodes:N0} YAML nodes");
    }

    [Fact]
    public void AnchorWithoutAlias_IsHarmlessAndLoads()
    {
        Errors(TempConfig.Valid.Replace("kind: private-line", "kind: &k private-line", StringComparison.Ordinal)).Should().BeEmpty();
    }
}
