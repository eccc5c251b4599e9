using SipGuard.Proxy.Security;
using static SipGuard.Proxy.Tests.Security.SecurityFixtures;

namespace SipGuard.Proxy.Tests.Security;

public sealed class FlowSealTests
{
    private readonly FlowSeal _seal = new(Secret(4));

    private byte[] Mint(long id, DialogPeer peer)
    {
        var value = new byte[FlowSeal.MaxLength];
        return value[.._seal.Write(value, id, peer)];
    }

    [Fact]
    public void Token_ReadsBack_ForItsPeer()
    {
        var token = Mint(2, Tcp(2, 40001));
        System.Text.Encoding.ASCII.GetString(token).Should().StartWith("2.");
        _seal.TryRead(token, Tcp(2, 40001), out var id).Should().BeTrue();
        id.Should().Be(2);
    }

    [Fact]
    public void BareSequentialId_AsUsedToBeWritten_IsRefused()
    {
        _seal.TryRead("2"u8, Tcp(2, 40001), out _).Should().BeFalse();
    }

    [Fact]
    public void AnotherConnectionsId_WithThisMac_IsRefused()
    {
        var token = Mint(2, Tcp(2, 40001));
        token[0] = (byte)'3';
        _seal.TryRead(token, Tcp(2, 40001), out _).Should().BeFalse();
    }

    [Fact]
    public void Token_ForAnotherPeer_IsRefused()
    {
        _seal.TryRead(Mint(2, Tcp(2, 40001)), Tcp(3, 40001), out _).Should().BeFalse();
        _seal.TryRead(Mint(2, Tcp(2, 40001)), Tcp(2, 40002), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("0.AAAAAAAAAAAA")]
    [InlineData("-1.AAAAAAAAAAAA")]
    [InlineData("2.AAAAAAAAAAA")]
    [InlineData("2.!!!!!!!!!!!!")]
    public void Garbage_IsRefused(string value)
    {
        _seal.TryRead(System.Text.Encoding.ASCII.GetBytes(value), Tcp(2, 1), out _).Should().BeFalse();
    }
}
