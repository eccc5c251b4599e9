using SipGuard.Proxy.Security;
using SipGuard.Sip.Transports;
using static SipGuard.Proxy.Tests.Security.SecurityFixtures;

namespace SipGuard.Proxy.Tests.Security;

public sealed class DialogTokenTests
{
    private static readonly DialogPeer Trunk = Udp(2, 5060);
    private static readonly DialogPeer Upstream = Udp(1, 5080);
    private readonly DialogToken _tokens = new(Secret(7));

    private byte[] Mint(string callId = "call-1@trunk", string fromTag = "caller-tag")
    {
        var token = new byte[DialogToken.Length];
        _tokens.Write(token, Bytes(callId), Bytes(fromTag), Trunk, Upstream).Should().Be(DialogToken.Length);
        return token;
    }

    [Fact]
    public void Token_IsUriParameterSafe_AndFixedLength()
    {
        var token = Mint();
        token.Should().HaveCount(DialogToken.Length);
        token.Should().OnlyContain(b => char.IsAsciiLetterOrDigit((char)b) || b == '-' || b == '_');
    }

    [Fact]
    public void RequestFromInitiator_VerifiesWithFromTag_AndNamesRecipient()
    {
        var side = _tokens.Verify(Mint(), Bytes("call-1@trunk"), Bytes("caller-tag"), Bytes("callee-tag"), SipTransportKind.Udp, Trunk.Endpoint, out var destination);
        side.Should().Be(DialogSide.Initiator);
        destination.Should().Be(Upstream);
    }

    [Fact]
    public void RequestFromRecipient_VerifiesWithToTag_AndNamesInitiator()
    {
        // A BYE from the callee: From carries the callee's tag, To the caller's.
        var side = _tokens.Verify(Mint(), Bytes("call-1@trunk"), Bytes("callee-tag"), Bytes("caller-tag"), SipTransportKind.Udp, Upstream.Endpoint, out var destination);
        side.Should().Be(DialogSide.Recipient);
        destination.Should().Be(Trunk);
    }

    [Fact]
    public void Stranger_WithACopiedToken_IsRefused()
    {
        _tokens.Verify(Mint(), Bytes("call-1@trunk"), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, V4(127, 0, 0, 66, 5060), out _)
            .Should().Be(DialogSide.None);
    }

    [Fact]
    public void TrunkHost_FromAnotherUdpPort_IsRefused()
    {
        _tokens.Verify(Mint(), Bytes("call-1@trunk"), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, Trunk.Endpoint.WithPort(5099), out _)
            .Should().Be(DialogSide.None);
    }

    [Fact]
    public void TcpPeer_IsMatchedByAddress_AnyPort()
    {
        var token = new byte[DialogToken.Length];
        _tokens.Write(token, Bytes("c"), Bytes("t"), Tcp(2, 40001), Upstream);
        _tokens.Verify(token, Bytes("c"), Bytes("t"), Bytes("u"), SipTransportKind.Tcp, V4(127, 0, 0, 2, 40777), out _).Should().Be(DialogSide.Initiator);
        _tokens.Verify(token, Bytes("c"), Bytes("t"), Bytes("u"), SipTransportKind.Udp, V4(127, 0, 0, 2, 40001), out _).Should().Be(DialogSide.None);
    }

    [Theory]
    [InlineData("call-2@trunk", "caller-tag")]
    [InlineData("call-1@trunk", "other-tag")]
    public void AnotherDialogsIdentifiers_AreRefused(string callId, string fromTag)
    {
        _tokens.Verify(Mint(), Bytes(callId), Bytes(fromTag), Bytes("callee-tag"), SipTransportKind.Udp, Trunk.Endpoint, out _)
            .Should().Be(DialogSide.None);
    }

    [Fact]
    public void EveryFlippedCharacter_IsRefused()
    {
        var token = Mint();
        for (var i = 0; i < token.Length; i++)
        {
            var forged = (byte[])token.Clone();
            forged[i] = forged[i] == (byte)'A' ? (byte)'B' : (byte)'A';
            _tokens.Verify(forged, Bytes("call-1@trunk"), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, Trunk.Endpoint, out _)
                .Should().Be(DialogSide.None, $"character {i} was changed");
        }
    }

    [Fact]
    public void TokenOfAnotherProcess_IsRefused()
    {
        var other = new DialogToken(Secret(8));
        other.Verify(Mint(), Bytes("call-1@trunk"), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, Trunk.Endpoint, out _)
            .Should().Be(DialogSide.None);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Garbage_IsRefused_WithoutThrowing(string token)
    {
        _tokens.Verify(Bytes(token), Bytes("c"), Bytes("t"), Bytes("u"), SipTransportKind.Udp, Trunk.Endpoint, out _).Should().Be(DialogSide.None);
    }

    [Fact]
    public void LongCallId_IsBound_Too()
    {
        var callId = new string('c', 3000);
        var token = Mint(callId);
        _tokens.Verify(token, Bytes(callId), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, Trunk.Endpoint, out _).Should().Be(DialogSide.Initiator);
        _tokens.Verify(token, Bytes(callId[..^1] + "d"), Bytes("caller-tag"), Bytes("x"), SipTransportKind.Udp, Trunk.Endpoint, out _).Should().Be(DialogSide.None);
    }

    [Fact]
    public void Verify_DoesNotAllocate()
    {
        var token = Mint();
        var callId = Bytes("call-1@trunk");
        var from = Bytes("caller-tag");
        var to = Bytes("callee-tag");
        _tokens.Verify(token, callId, from, to, SipTransportKind.Udp, Trunk.Endpoint, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _tokens.Verify(token, callId, from, to, SipTransportKind.Udp, Trunk.Endpoint, out _);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
