using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// Splits a stream into SIP messages (RFC 3261 §18.3) and keep-alives (RFC 5626 §4.4.1). Message
/// framing is the parser's own (<see cref="SipFraming.TryFindMessageLength(ReadOnlySpan{byte}, in SipParserLimits, out int, out SipParseError)"/>),
/// so a stream and a datagram are judged by one set of rules; this type adds only what a stream
/// has and a datagram has not: the CRLF ping/pong between messages.
/// </summary>
internal static class SipStreamFramer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    /// <summary>Frames the start of <paramref name="data"/>, a contiguous prefix of the stream.</summary>
    public static FrameResult Frame(ReadOnlySpan<byte> data, int maxMessageSize)
    {
        if (data.IsEmpty)
        {
            return FrameResult.NeedMore;
        }

        if (data[0] == Cr || data[0] == Lf)
        {
            return FrameLineEnds(data);
        }

        var limits = SipParserLimits.Default with { MaxMessageSize = maxMessageSize };
        if (!SipFraming.TryFindMessageLength(data, limits, out var length, out var error))
        {
            return FrameResult.NeedMore;
        }

        if (!error.IsError)
        {
            return new FrameResult(FrameKind.Message, length, HeaderLength(data));
        }

        return FrameResult.Fail(ToStreamError(error.Kind), HeaderLength(data));
    }

    /// <summary>Bytes up to and including the blank line (what a 400 can be built from), or 0 when it is not there.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        return end < 0 ? 0 : end + 4;
    }

    private static StreamErrorKind ToStreamError(SipParseErrorKind kind) => kind switch
    {
        SipParseErrorKind.MessageTooLarge or SipParseErrorKind.ContentLengthTooLarge or
            SipParseErrorKind.LineTooLong or SipParseErrorKind.TooManyHeaders => StreamErrorKind.MessageTooLarge,
        SipParseErrorKind.ContentLengthInvalid or SipParseErrorKind.ContentLengthDuplicated => StreamErrorKind.BadContentLength,
        SipParseErrorKind.ContentLengthMissing => StreamErrorKind.MissingContentLength,
        _ => StreamErrorKind.Malformed,
    };

    private static FrameResult FrameLineEnds(ReadOnlySpan<byte> data)
    {
        // RFC 5626 §4.4.1: CRLFCRLF is a ping, answered with CRLF. A lone CRLF (a pong, or a
        // peer's idea of a keep-alive) is skipped, but only once we know it is not the first half
        // of a ping.
        if (data[0] == Lf)
        {
            return new FrameResult(FrameKind.Skip, 1);
        }

        if (data.Length < 2)
        {
            return FrameResult.NeedMore;
        }

        if (data[1] != Lf)
        {
            return FrameResult.Fail(StreamErrorKind.Malformed);
        }

        if (data.Length < 3)
        {
            return FrameResult.NeedMore;
        }

        if (data[2] != Cr)
        {
            return new FrameResult(FrameKind.Skip, 2);
        }

        if (data.Length < 4)
        {
            return FrameResult.NeedMore;
        }

        return data[3] == Lf ? new FrameResult(FrameKind.Ping, 4) : new FrameResult(FrameKind.Skip, 2);
    }
}
