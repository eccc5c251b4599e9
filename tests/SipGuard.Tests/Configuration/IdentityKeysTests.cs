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
    public void Allow_forwarded_must_be_a_boolean()
    {
        using var config = new TempConfig(TempConfig.Valid.Replace("allowed_callers: [ \"+861066022236\" ]", "allowed_callers: [ \"+861066022236\" ]\n    allow_forwarded: sometimes", StringComparison.Ordinal));
        var result = ConfigLoader.LoadFile(config.ConfigPath);
        result.Errors.Select(e => e.ToString()).Should().ContainSingle().Which.Should().Contain("allow_forwarded");
    }
}
