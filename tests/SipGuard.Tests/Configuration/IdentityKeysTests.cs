using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

/// <summary>The trust-boundary keys are read into the config the proxy and the policy use.</summary>
public sealed class IdentityKeysTests
{
    [Fact]
    public void Allow_forwarded_is_read_and_defaults_to_false()
    {
        using var config = new TempConfig(TempConfig.Valid.Replace("allowed_callers: [ \"+861066022236\" ]", "allowed_callers: [ \"+861066022236\" ]\n    allow_forwarded: true", StringComparison.Ordinal));
        var result = ConfigLoader.LoadFile(config.ConfigPath);
        result.Errors.Select(e => e.ToString()).Should().BeEmpty();
        result.Config!.Policy.Trunks.Single().AllowForwarded.Should().BeTrue();

        using var plain = new TempConfig();
        ConfigLoader.LoadFile(plain.ConfigPath).Config!.Policy.Trunks.Single().AllowForwarded.Should().BeFalse();
    }

    [Fact]
    public void Upstream_trusted_and_proxy_strip_user_agent_are_read_with_their_defaults()
    {
        using var config = new TempConfig(TempConfig.Valid
            .Replace("callcenter: { targets: [ \"sip:127.0.0.1:5080\" ] }", "callcenter: { targets: [ \"sip:127.0.0.1:5080\" ], trusted: false }", StringComparison.Ordinal)
            + "\nproxy:\n  strip_user_agent: true\n  server_header: \"SipGuard\"\n");
        var result = ConfigLoader.LoadFile(config.ConfigPath);
        result.Errors.Select(e => e.ToString()).Should().BeEmpty();
        result.Config!.Proxy.Upstreams.Single().Trusted.Should().BeFalse();
        result.Config.Proxy.StripUserAgent.Should().BeTrue();
        result.Config.Proxy.ServerHeader.Should().Be("SipGuard");

        using var plain = new TempConfig();
        var defaults = ConfigLoader.LoadFile(plain.ConfigPath).Config!.Proxy;
        defaults.Upstreams.Single().Trusted.Should().BeTrue();
        defaults.StripUserAgent.Should().BeFalse();
    }

    [Fact]
    public void Allow_forwarded_must_be_a_boolean()
    {
        using var config = new TempConfig(TempConfig.Valid.Replace("allowed_callers: [ \"+861066022236\" ]", "allowed_callers: [ \"+861066022236\" ]\n    allow_forwarded: sometimes", StringComparison.Ordinal));
        var result = ConfigLoader.LoadFile(config.ConfigPath);
        result.Errors.Select(e => e.ToString()).Should().ContainSingle().Which.Should().Contain("allow_forwarded");
    }
}
