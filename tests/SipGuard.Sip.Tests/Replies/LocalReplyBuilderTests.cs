using System.Text;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;

namespace SipGuard.Sip.Tests.Replies;

public sealed class LocalReplyBuilderTests
{
    private static SipMessage Load(string text)
    {
        var bytes = TestMessages.Bytes(text);
        var m = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        return m;
    }

    [Fact]
    public void Reply_copies_dialog_headers_adds_to_tag_and_extra_headers()
    {
        var request = Load(TestMessages.Invite);
        var builder = new LocalReplyBuilder();
        builder.AddHeader("Warning"u8, "399 sipguard \"spoofed-caller\""u8);
        builder.TryWritePooled(request, 403, "Forbidden"u8, "sg1234"u8, out var output).Should().BeTrue();
        using (output)
        {
            Encoding.Latin1.GetString(output.Span).Should().Be(
                "SIP/2.0 403 Forbidden\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-524287-1---9f2c4e1d;rport\r\n" +
                "From: \"Acme Sales\" <sip:+861066022237@127.0.0.2;user=phone>;tag=8d1c2f7a\r\n" +
                "To: <sip:+861066022236@callcenter.example.com;user=phone>;tag=sg1234\r\n" +
                "Call-ID: 6c4b1e0f-3b5a-4a1c-9a3e-2f1d7b8c9e0a@127.0.0.2\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Warning: 399 sipguard \"spoofed-caller\"\r\n" +
                "Content-Length: 0\r\n\r\n");
        }
    }

    [Fact]
    public void Existing_to_tag_is_kept_and_trying_gets_none()
    {
        var request = Load("BYE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nv: SIP/2.0/UDP g;branch=z9hG4bK2\r\nf: <sip:x@y>;tag=1\r\nt: <sip:a@b>;tag=2\r\ni: c1\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n");
        var builder = new LocalReplyBuilder();
        var buffer = new byte[512];
        builder.TryWrite(request, 481, "Call Does Not Exist"u8, "new"u8, buffer, out var n).Should().BeTrue();
        var text = Encoding.ASCII.GetString(buffer, 0, n);
        text.Should().Contain("t: <sip:a@b>;tag=2\r\n").And.NotContain("tag=new");
        text.Should().Contain("v: SIP/2.0/UDP h;branch=z9hG4bK1\r\nv: SIP/2.0/UDP g;branch=z9hG4bK2\r\n");

        var invite = Load(TestMessages.Invite);
        builder.TryWrite(invite, 100, "Trying"u8, "t"u8, buffer, out n).Should().BeTrue();
        Encoding.ASCII.GetString(buffer, 0, n).Should().NotContain(";tag=t");
    }

    [Fact]
    public void Too_small_destination_fails_without_writing_past_it()
    {
        var request = Load(TestMessages.Invite);
        new LocalReplyBuilder().TryWrite(request, 500, "Server Error"u8, default, new byte[20], out _).Should().BeFalse();
    }
}
