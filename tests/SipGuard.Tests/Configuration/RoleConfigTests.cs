using SipGuard.Configuration;
using SipGuard.Proxy.Configuration;

namespace SipGuard.Tests.Configuration;

/// <summary>
/// The top-level <c>role</c>: proxy by default, redirect when asked, any other word refused at its
/// place; a redirect server refuses the keys that would have no effect on it (docs/redirect.md).
/// </summary>
public sealed class RoleConfigTests
{
    private const string Base = """
        listen: [ "udp://127.0.0.1:5060" ]
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
        trunks:
          acme-line-1: { kind: private-line, sources: [ "127.0.0.2/32" ], upstream: callcenter, allowed_callers: [ "+861066022236" ] }
        """;

    [Theory]
    [InlineData("", ProxyRole.Proxy)]
    [InlineData("role: proxy\n", ProxyRole.Proxy)]
    [InlineData("role: redirect\n", ProxyRole.Redirect)]
    public void The_role_is_read_and_defaults_to_proxy(string line, ProxyRole expected)
    {
        var result = Load(line + Base);

        result.Errors.Should().BeEmpty();
        result.Config!.Proxy.Role.Should().Be(expected);
    }

    [Fact]
    public void Another_role_is_refused_with_its_line_and_column()
    {
        var errors = Errors("role: b2bua\n" + Base);

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:1:7:").And.Contain("'b2bua' is not one of proxy | redirect");
    }

    [Fact]
    public void A_redirect_server_refuses_inbound_routes_and_concurrent_call_limits()
    {
        var errors = Errors("role: redirect\n" + Base + """

            proxy:
              inbound:
                - { from_upstream: callcenter, to_trunk: acme-line-1 }
            limits:
              trunks:
                acme-line-1: { calls_per_second: 10, concurrent_calls: 5 }
            """);

        errors.Should().HaveCount(2, string.Join("\n", errors));
        errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:9:", StringComparison.Ordinal) && e.Contains("redirect server forwards nothing", StringComparison.Ordinal));
        errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:12:", StringComparison.Ordinal) && e.Contains("concurrent_calls", StringComparison.Ordinal) && e.Contains("never bind", StringComparison.Ordinal));
    }

    [Fact]
    public void A_redirect_server_takes_a_call_rate_limit()
    {
        var result = Load("role: redirect\n" + Base + "\nlimits: { trunks: { acme-line-1: { calls_per_second: 10 } } }\n");

        result.Errors.Should().BeEmpty();
        result.Config!.Proxy.Limits.Trunks.Should().ContainSingle().Which.CallsPerSecond.Should().Be(10);
    }

    private static string[] Errors(string yaml) => Load(yaml).Errors.Select(e => e.ToString()).ToArray();

    private static ConfigLoadResult Load(string yaml)
    {
        var directory = Directory.CreateTempSubdirectory("sipguard-role-").FullName;
        try
        {
            return ConfigLoader.Load(yaml, "sipguard.yaml", directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
