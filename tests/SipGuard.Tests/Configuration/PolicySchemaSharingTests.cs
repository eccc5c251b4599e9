using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

/// <summary>The host and an embedding application read the policy sections with one reader and one schema.</summary>
public sealed class PolicySchemaSharingTests
{
    [Fact]
    public void The_package_loader_reads_the_default_config_as_the_host_does_when_told_the_hosts_keys()
    {
        var host = ConfigLoader.LoadFile(RepositoryFiles.DefaultConfig);
        var options = new PolicyLoadOptions
        {
            OtherSections = ConfigSchema.Root.Except(PolicySchema.Sections).ToArray(),
            OtherTrunkKeys = ConfigSchema.TrunkProxyKeys,
        };

        var embedded = PolicyConfigLoader.LoadFile(RepositoryFiles.DefaultConfig, options);

        host.Errors.Should().BeEmpty();
        embedded.Errors.Should().BeEmpty();
        embedded.Config.Should().BeEquivalentTo(host.Config!.Policy);
        embedded.ListFiles.Should().BeEquivalentTo(host.Config.ListFiles);
    }

    [Fact]
    public void A_trunk_without_an_upstream_is_still_an_error_for_the_host()
    {
        var yaml = File.ReadAllText(RepositoryFiles.DefaultConfig)
            .Replace("    upstream: callcenter\n", "", StringComparison.Ordinal);

        var result = ConfigLoader.Load(yaml, "sipguard.yaml", Path.GetDirectoryName(RepositoryFiles.DefaultConfig)!);

        result.Errors.Should().Contain(e => e.ConfigPath.EndsWith(".upstream", StringComparison.Ordinal) && e.Message.StartsWith("missing required key 'upstream'", StringComparison.Ordinal));
    }
}
