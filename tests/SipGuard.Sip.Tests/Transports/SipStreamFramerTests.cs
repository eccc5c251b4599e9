using System.Text;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Transports.Tcp;

namespace SipGuard.Sip.Tests.Transports;

public sealed class SipStreamFramerTests
{
    private const int Limit = 64 * 1024;

    private static FrameResult Frame(string text, int limit = Limit) =>
        SipStreamFramer.Frame(Encoding.ASCII.GetBytes(text), limit);

    [Fact]
    public void Frame_MessageWithBody_LengthIsHeadersPlusContentLength()
    {
        var result = Frame("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello trailing");

        result.Kind.Should().Be(FrameKind.Message);
        result.Length.Should().Be("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello".Length);
    }

    [Fact]
    public void Frame_CompactFormUpperCase_IsRecognised()
    {
        var result = Frame("OPTIONS sip:a@b SIP/2.0\r\nL : 3\r\n\r\nabc");

        result.Should().Be(new FrameResult(FrameKind.Message, 37, 34));
    }

    [Fact]
    public void Frame_FoldedContentLength_ValueOnContinuationLine()
    {
        var result = Frame("OPTIONS sip:a@b SIP/2.0\r\ncontent-LENGTH:\r\n 2\r\nX: y\r\n\r\nab");

        result.Kind.Should().Be(FrameKind.Message);
        result.Length.Should().Be(result.HeaderLength + 2);
    }

    [Fact]
    public void Frame_BodyNotComplete_NeedsMore()
    {
        Frame("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nabc").Kind.Should().Be(FrameKind.NeedMore);
    }

    [Fact]
    public void Frame_HeadersNotComplete_NeedsMore()
    {
        Frame("OPTIONS sip:a@b SIP/2.0\r\nContent-Len").Kind.Should().Be(FrameKind.NeedMore);
    }

    [Theory]
    [InlineData("Content-Length: -1", StreamErrorKind.BadContentLength)]
    [InlineData("Content-Length: 1x", StreamErrorKind.BadContentLength)]
    [InlineData("Content-Length:", StreamErrorKind.BadContentLength)]
    [InlineData("Content-Length: 99999999999", StreamErrorKind.BadContentLength)]
    [InlineData("Content-Length: 1\r\nl: 2", StreamErrorKind.BadContentLength)]
    [InlineData("Content-Type: text/plain", StreamErrorKind.MissingContentLength)]
    [InlineData("Content-Length: 70000", StreamErrorKind.MessageTooLarge)]
    public void Frame_BrokenContentLength_IsAnError(string header, StreamErrorKind expected)
    {
        var result = Frame($"INVITE sip:a@b SIP/2.0\r\n{header}\r\n\r\n");

        result.Kind.Should().Be(FrameKind.Error);
        result.Error.Should().Be(expected);
    }

    [Fact]
    public void Frame_NoHeaderEndWithinLimit_IsTooLarge()
    {
        var result = Frame("INVITE sip:a@b SIP/2.0\r\nX: " + new string('a', 2000), limit: 1024);

        result.Should().Be(FrameResult.Fail(StreamErrorKind.MessageTooLarge));
    }

    [Fact]
    public void Frame_DoubleCrlf_IsPing()
    {
        Frame("\r\n\r\nINVITE").Should().Be(new FrameResult(FrameKind.Ping, 4));
    }

    [Fact]
    public void Frame_SingleCrlfBeforeMessage_IsSkipped()
    {
        Frame("\r\nINVITE").Should().Be(new FrameResult(FrameKind.Skip, 2));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void Frame_PartialLineEnds_NeedMore(string text)
    {
        Frame(text).Kind.Should().Be(FrameKind.NeedMore);
    }

    [Fact]
    public void Frame_CrWithoutLf_IsMalformed()
    {
        Frame("\rINVITE").Error.Should().Be(StreamErrorKind.Malformed);
    }
}
