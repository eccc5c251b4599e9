using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Tests.Parsing;

public sealed class SipFramingTests
{
    [Fact]
    public void Two_pipelined_messages_are_framed_one_at_a_time()
    {
        var one = TestMessages.Bytes(TestMessages.Invite);
        var stream = one.Concat(one).ToArray();
        SipFraming.TryFindMessageLength(stream, SipParserLimits.Default, out var length, out var error).Should().BeTrue();
        error.IsError.Should().BeFalse();
        length.Should().Be(one.Length);
    }

    [Fact]
    public void Partial_message_needs_more_bytes()
    {
        var one = TestMessages.Bytes(TestMessages.Invite);
        for (var cut = 1; cut < one.Length; cut += 37)
        {
            SipFraming.TryFindMessageLength(one.AsSpan(0, cut), SipParserLimits.Default, out _, out _).Should().BeFalse();
        }
    }

    [Fact]
    public void Missing_negative_or_duplicated_content_length_cannot_be_framed()
    {
        foreach (var header in new[] { "", "Content-Length: -5\r\n", "l: 1\r\nl: 2\r\n" })
        {
            var bytes = TestMessages.Bytes($"OPTIONS sip:a@b SIP/2.0\r\n{header}\r\n");
            SipFraming.TryFindMessageLength(bytes, SipParserLimits.Default, out _, out var error).Should().BeTrue();
            error.IsError.Should().BeTrue();
        }
    }

    [Fact]
    public void Keepalive_crlf_is_consumed_as_an_empty_message()
    {
        SipFraming.TryFindMessageLength("\r\n\r\n"u8, SipParserLimits.Default, out var length, out var error).Should().BeTrue();
        length.Should().Be(4);
        error.Kind.Should().Be(SipParseErrorKind.EmptyMessage);
    }

    [Fact]
    public void Header_section_without_end_over_the_size_limit_is_an_error()
    {
        var limits = new SipParserLimits(100, 10, 1000, 5);
        var bytes = TestMessages.Bytes("OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X: 1234567890\r\n", 10)));
        SipFraming.TryFindMessageLength(bytes, limits, out _, out var error).Should().BeTrue();
        error.IsError.Should().BeTrue();
    }
}
