using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class ClusterConfigTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigLoadResult Load(string cluster) =>
        ConfigLoader.Load((TempConfig.Valid + "\n" + cluster + "\n").ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

    private string[] Errors(string cluster) => Load(cluster).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Without_a_cluster_section_the_node_stands_alone()
    {
        ConfigLoader.Load(TempConfig.Valid.ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory).Config!.Cluster.Should().BeNull();
    }

    [Fact]
    public void The_section_reads_redis_node_prefix_password_and_tls()
    {
        _dir.WriteList("redis.password", "s3cret-password\n");
        var cluster = Load("cluster: { redis: \"10.0.0.5:6380\", node: sg-a, key_prefix: \"carrier1:\", password_file: redis.password, tls: true }").Config!.Cluster;
        cluster.Should().Be(new ClusterConfig("10.0.0.5", 6380, "sg-a", "carrier1:", "s3cret-password", true));
    }

    [Fact]
    public void Prefix_and_tls_have_defaults()
    {
        var cluster = Load("cluster: { redis: \"[::1]:6379\", node: b }").Config!.Cluster!;
        (cluster.RedisHost, cluster.RedisPort, cluster.KeyPrefix, cluster.Password, cluster.Tls).Should().Be(("::1", 6379, "sipguard:", (string?)null, false));
        cluster.Endpoint.Should().Be("[::1]:6379");
    }

    [Fact]
    public void Redis_and_node_are_required()
    {
        Errors("cluster: { key_prefix: x }").Should().HaveCount(2)
            .And.Contain(e => e.Contains("missing required key 'redis'")).And.Contain(e => e.Contains("missing required key 'node'"));
    }

    [Theory]
    [InlineData("cluster: { redis: \"127.0.0.1\", node: a }", "cluster.redis: '127.0.0.1' is not HOST:PORT")]
    [InlineData("cluster: { redis: \"127.0.0.1:70000\", node: a }", "cluster.redis: '127.0.0.1:70000' is not HOST:PORT")]
    [InlineData("cluster: { redis: \"127.0.0.1:6379\", node: \"a b\" }", "cluster.node: 'a b' is not a node name")]
    [InlineData("cluster: { redis: \"127.0.0.1:6379\", node: a, tls: yes }", "cluster.tls: 'yes' is not a boolean")]
    [InlineData("cluster: { redis: \"127.0.0.1:6379\", node: a, key_prefix: \"a b\" }", "cluster.key_prefix: 'a b' is not a key prefix")]
    [InlineData("cluster: { redis: \"127.0.0.1:6379\", node: a, password_file: nope }", "cluster.password_file: cannot read password file")]
    [InlineData("cluster: { redis: \"127.0.0.1:6379\", node: a, shards: 3 }", "unknown key 'shards'")]
    public void Bad_values_are_located(string yaml, string message)
    {
        Errors(yaml).Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:12:").And.Contain(message);
    }
}
