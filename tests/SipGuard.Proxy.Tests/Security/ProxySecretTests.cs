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

    [Fact]
    public async Task Mac_IsHmacSha256_WithTwoSecretsTakingTurnsOnOneThread_AndOnOtherThreads()
    {
        var one = SecurityFixtures.Secret(1);
        var two = SecurityFixtures.Secret(2);
        for (var i = 0; i < 3; i++)
        {
            MacOf(one, "abc").Should().Equal(Expected(one, "abc"));
            MacOf(two, "abc").Should().Equal(Expected(two, "abc"));
        }

        var elsewhere = await Task.Run(() => MacOf(one, "xyz"));
        elsewhere.Should().Equal(Expected(one, "xyz"));
        MacOf(one, "xyz").Should().Equal(elsewhere);
    }

    private static byte[] MacOf(ProxySecret secret, string data)
    {
        var mac = new byte[16];
        secret.Mac(System.Text.Encoding.ASCII.GetBytes(data), mac);
        return mac;
    }

    private static byte[] Expected(ProxySecret secret, string data) =>
        System.Security.Cryptography.HMACSHA256.HashData(secret.Key.ToArray(), System.Text.Encoding.ASCII.GetBytes(data))[..16];
}
