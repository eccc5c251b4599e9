using System.Net;
using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class ResolverConfigTests : IDisposable
{
    private readonly TempConfig _dir = new();

    public void Dispose() => _dir.Dispose();

    private ConfigLoadResult Load(string resolver) =>
        ConfigLoader.Load((TempConfig.Valid + "\n" + resolver + "\n").ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

    [Fact]
    public void Without_a_resolver_section_names_are_looked_up_with_the_system_resolver()
    {
        Load("").Config!.Resolver.Should().Be(ResolverConfig.System);
        ResolverConfig.System.Servers.Should().BeEmpty();
        ResolverConfig.System.Timeout.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Servers_and_timeout_are_read_and_a_server_without_a_port_gets_53()
    {
        var resolver = Load("resolver: { servers: [ \"127.0.5.53:5353\", \"[::1]:53\", \"192.0.2.1\" ], timeout: 500ms }").Config!.Resolver;

        resolver.Servers.Should().Equal(IPEndPoint.Parse("127.0.5.53:5353"), IPEndPoint.Parse("[::1]:53"), IPEndPoint.Parse("192.0.2.1:53"));
        resolver.Timeout.Should().Be(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void An_upstream_target_may_be_a_dns_name()
    {
        var result = ConfigLoader.Load(
            TempConfig.Valid.Replace("sip:127.0.0.1:5080", "sip:core.carrier.example", StringComparison.Ordinal).ReplaceLineEndings("\n"), "sipguard.yaml", _dir.Directory);

        result.Errors.Should().BeEmpty();
        result.Config!.Proxy.Upstreams.Single().Targets.Single().Host.Should().Be("core.carrier.example");
    }

    [Theory]
    [InlineData("resolver: { servers: [ \"dns.example:53\" ] }", "resolver.servers[0]: 'dns.example:53' is not a DNS server address")]
    [InlineData("resolver: { servers: [ \"53\" ] }", "resolver.servers[0]: '53' is not a DNS server address")]
    [InlineData("resolver: { timeout: 10ms }", "resolver.timeout:")]
    [InlineData("resolver: { timeout: 1m }", "resolver.timeout:")]
    [InlineData("resolver: { servers: [ \"127.0.0.1:53\" ], search: example }", "unknown key 'search'")]
    public void Bad_values_are_located(string yaml, string message)
    {
        Load(yaml).Errors.Select(e => e.ToString()).Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:12:").And.Contain(message);
    }
}
