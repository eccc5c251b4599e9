using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Hosting;

public sealed class ConfigVersionTests : IDisposable
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoRuntime = new();
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private string VersionOf(string yaml, IReadOnlyDictionary<string, IReadOnlyList<string>>? runtime = null)
    {
        var path = Path.Combine(_dir.Directory, "sipguard.yaml");
        File.WriteAllText(path, yaml);
        var result = ConfigLoader.LoadFile(path);
        result.Errors.Should().BeEmpty();
        return ConfigVersion.Of(result.Config!, runtime ?? NoRuntime);
    }

    [Fact]
    public void Node_local_keys_and_comments_do_not_change_the_version_but_policy_lists_and_runtime_entries_do()
    {
        var baseline = VersionOf(TempConfig.Valid);
        baseline.Should().MatchRegex("^[0-9a-f]{12}$");
        VersionOf("# another node\n" + TempConfig.Valid + "\nadmin: \"http://127.0.0.1:9999\"\ncluster: { redis: \"127.0.0.1:6379\", node: b }\nresolver: { servers: [ \"127.0.0.1:53\" ] }\n")
            .Should().Be(baseline, "admin, cluster, resolver and comments differ from node to node by design");

        VersionOf(TempConfig.Valid.Replace("+861066022236", "+861066022237", StringComparison.Ordinal)).Should().NotBe(baseline, "a trunk's numbers are policy");
        VersionOf(TempConfig.Valid, new Dictionary<string, IReadOnlyList<string>> { ["fakes"] = ["+8613900000009"] }).Should().NotBe(baseline, "runtime entries count");
        _dir.WriteList("lists/fakes.txt", "+12025550144\n");
        VersionOf(TempConfig.Valid).Should().NotBe(baseline, "list file contents count");
    }
}
