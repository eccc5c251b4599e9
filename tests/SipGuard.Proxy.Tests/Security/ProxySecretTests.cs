using SipGuard.Proxy.Security;

namespace SipGuard.Proxy.Tests.Security;

public sealed class ProxySecretTests
{
    [Fact]
    public void EachProcessStart_DrawsAnotherKey()
    {
        ProxySecret.Generate().Key.ToArray().Should().NotEqual(ProxySecret.Generate().Key.ToArray());
        ProxySecret.Generate().Key.Length.Should().Be(32);
    }

    [Fact]
    public void ShortKey_IsRefused() =>
        FluentActions.Invoking(() => ProxySecret.FromBytes(new byte[16])).Should().Throw<ArgumentException>();

    [Fact]
    public void Mac_VerifiesOnlyItsData()
    {
        var secret = SecurityFixtures.Secret(1);
        var mac = new byte[12];
        secret.Mac("abc"u8, mac);
        secret.Verify("abc"u8, mac).Should().BeTrue();
        secret.Verify("abd"u8, mac).Should().BeFalse();
        SecurityFixtures.Secret(2).Verify("abc"u8, mac).Should().BeFalse();
    }
}
