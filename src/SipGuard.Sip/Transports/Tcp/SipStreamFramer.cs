namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// Finds where one SIP message ends on a stream (RFC 3261 §18.3): at the blank line closing the
/// headers plus Content-Length body bytes. Works on bytes only and checks the size limit before
/// scanning further. A stop-gap until the parser's own framing helper is wired in: it looks at
/// nothing but line ends and the Content-Length header (long form or compact <c>l</c>).
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

        // Headers must end within the limit; searching further is pointless.
        var window = data[..Math.Min(data.Length, maxMessageSize)];
        var end = window.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return window.Length >= maxMessageSize
                ? FrameResult.Fail(StreamErrorKind.MessageTooLarge)
                : FrameResult.NeedMore;
        }

        var headerLength = end + 4;
        var (status, contentLength) = FindContentLength(data[..(end + 2)]);
        if (status != 0)
        {
            return FrameResult.Fail(status, headerLength);
        }

        if (contentLength > maxMessageSize - headerLength)
        {
            return FrameResult.Fail(StreamErrorKind.MessageTooLarge, headerLength);
        }

        var total = headerLength + (int)contentLength;
        return data.Length < total
            ? FrameResult.NeedMore
            : new FrameResult(FrameKind.Message, total, headerLength);
    }

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

    /// <summary>
    /// Scans header lines (after the start line) for Content-Length / l. Folded continuation lines
    /// belong to the header above them. Returns an error kind, or 0 and the length.
    /// </summary>
    private static (StreamErrorKind Status, long Length) FindContentLength(ReadOnlySpan<byte> headers)
    {
        var lineEnd = headers.IndexOf("\r\n"u8);
        var position = lineEnd + 2;
        long found = -1;
        while (position < headers.Length)
        {
            var lineLength = headers[position..].IndexOf("\r\n"u8);
            var next = position + lineLength + 2;

            // The header value runs on over folded lines (RFC 3261 §7.3.1: a line starting with
            // whitespace continues the previous one).
            while (next < headers.Length && (headers[next] == (byte)' ' || headers[next] == (byte)'\t'))
            {
                next += headers[next..].IndexOf("\r\n"u8) + 2;
            }

            var header = headers[position..(next - 2)];
            position = next;
            var colon = header.IndexOf((byte)':');
            if (colon <= 0 || !IsContentLengthName(TrimEnd(header[..colon])))
            {
                continue;
            }

            if (!TryParseLength(header[(colon + 1)..], out var value))
            {
                return (StreamErrorKind.BadContentLength, 0);
            }

            if (found >= 0 && found != value)
            {
                return (StreamErrorKind.BadContentLength, 0);
            }

            found = value;
        }

        return found < 0 ? (StreamErrorKind.MissingContentLength, 0) : (0, found);
    }

    private static bool IsContentLengthName(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            1 => (name[0] | 0x20) == 'l',
            14 => EqualsLowerAscii(name, "content-length"u8),
            _ => false,
        };

    /// <summary>Case-insensitive compare against a lower-case ASCII literal, without copying.</summary>
    private static bool EqualsLowerAscii(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lower)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            var b = value[i];
            if (b >= 'A' && b <= 'Z')
            {
                b |= 0x20;
            }

            if (b != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Digits surrounded by whitespace (including folding line ends); capped at 10 digits.</summary>
    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        var i = 0;
        while (i < value.Length && IsWhitespace(value[i]))
        {
            i++;
        }

        var digits = 0;
        while (i < value.Length && value[i] >= '0' && value[i] <= '9')
        {
            if (++digits > 10)
            {
                return false;
            }

            length = length * 10 + (value[i] - '0');
            i++;
        }

        while (i < value.Length && IsWhitespace(value[i]))
        {
            i++;
        }

        return digits > 0 && i == value.Length;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or Cr or Lf;

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> name)
    {
        var end = name.Length;
        while (end > 0 && (name[end - 1] == (byte)' ' || name[end - 1] == (byte)'\t'))
        {
            end--;
        }

        return name[..end];
    }
}
