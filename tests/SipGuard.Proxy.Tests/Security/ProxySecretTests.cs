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
    public async Task Mac_IsKeyedBlake3_WithTwoSecretsTakingTurnsOnOneThread_AndOnOtherThreads()
    {
        var one = SecurityFixtures.Secret(1);
        var two = SecurityFixtures.Secret(2);
        for (var i = 0; i < 3; i++)
        {
            // Different data each turn: the thread's hasher must start over after every MAC.
            MacOf(one, $"abc{i}").Should().Equal(Expected(one, $"abc{i}"));
            MacOf(two, $"abc{i}").Should().Equal(Expected(two, $"abc{i}"));
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

    // A fresh keyed hasher from the package, with no state carried over from earlier MACs.
    private static byte[] Expected(ProxySecret secret, string data)
    {
        using var hasher = Blake3.Hasher.NewKeyed(secret.Key);
        hasher.Update(System.Text.Encoding.ASCII.GetBytes(data));
        var full = new byte[32];
        hasher.Finalize(full);
        return full[..16];
    }
}
