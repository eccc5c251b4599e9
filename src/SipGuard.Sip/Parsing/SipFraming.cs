using System.Buffers;
using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Parsing;

/// <summary>
/// Finds where one message ends in a stream (RFC 3261 18.3: header section, then exactly
/// Content-Length body bytes). Returns false for "need more bytes"; true with an error when the
/// stream can no longer be framed (the transport then answers if it can and closes).
/// </summary>
public static class SipFraming
{
    /// <summary>
    /// On true with no error, <paramref name="length"/> is the size of the next message including any
    /// leading CRLF keep-alives. A chunk of only CR/LF bytes comes back as true with
    /// <see cref="SipParseErrorKind.EmptyMessage"/> so the transport can consume (and answer) keep-alives.
    /// </summary>
    public static bool TryFindMessageLength(ReadOnlySpan<byte> data, in SipParserLimits limits, out int length, out SipParseError error)
    {
        length = 0;
        error = SipParseError.None;
        if (data.IsEmpty)
        {
            return false;
        }

        var lead = data.IndexOfAnyExcept((byte)'\r', (byte)'\n');
        if (lead < 0)
        {
            length = data.Length;
            error = new SipParseError(SipParseErrorKind.EmptyMessage, 0);
            return true;
        }

        var pos = lead;
        var first = true;
        var contentLength = -1;
        var headers = 0;
        while (true)
        {
            var rel = data[pos..].IndexOf((byte)'\n');
            if (rel < 0)
            {
                if (data.Length - pos > limits.MaxLineLength)
                {
                    return Fail(SipParseErrorKind.LineTooLong, pos, data.Length, out length, out error);
                }

                if (data.Length - lead > limits.MaxMessageSize)
                {
                    return Fail(SipParseErrorKind.MessageTooLarge, lead, data.Length, out length, out error);
                }

                return false;
            }

            var lineEnd = pos + rel;
            if (rel > limits.MaxLineLength)
            {
                return Fail(SipParseErrorKind.LineTooLong, pos, data.Length, out length, out error);
            }

            var contentEnd = lineEnd > pos && data[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
            var next = lineEnd + 1;
            if (contentEnd == pos)
            {
                pos = next;
                break;
            }

            if (!first && !SipChars.IsWsp(data[pos]))
            {
                if (++headers > limits.MaxHeaders)
                {
                    return Fail(SipParseErrorKind.TooManyHeaders, pos, data.Length, out length, out error);
                }

                var colon = data[pos..contentEnd].IndexOf((byte)':');
                if (colon > 0)
                {
                    var nameEnd = pos + colon;
                    while (nameEnd > pos && SipChars.IsWsp(data[nameEnd - 1]))
                    {
                        nameEnd--;
                    }

                    var name = data[pos..nameEnd];
                    if (!name.ContainsAnyExcept(SipChars.Token) && KnownHeaderTable.Match(name) == KnownHeader.ContentLength)
                    {
                        if (contentLength >= 0)
                        {
                            return Fail(SipParseErrorKind.ContentLengthDuplicated, pos, data.Length, out length, out error);
                        }

                        // The value may continue on folded lines (RFC 3261 §7.3.1): take them in.
                        var valueEnd = contentEnd;
                        for (var cont = next; cont < data.Length && SipChars.IsWsp(data[cont]);)
                        {
                            var contRel = data[cont..].IndexOf((byte)'\n');
                            if (contRel < 0)
                            {
                                return false;
                            }

                            valueEnd = cont + contRel > cont && data[cont + contRel - 1] == (byte)'\r' ? cont + contRel - 1 : cont + contRel;
                            cont += contRel + 1;
                        }

                        var v0 = SipChars.SkipLws(data, pos + colon + 1, valueEnd);
                        var v1 = SipChars.TrimLwsEnd(data, v0, valueEnd);
                        var digits = data[v0..v1];
                        if (digits.IsEmpty || digits.ContainsAnyExcept(SipChars.Digits))
                        {
                            return Fail(SipParseErrorKind.ContentLengthInvalid, v0, data.Length, out length, out error);
                        }

                        // Not a 31-bit number at all: malformed. A number, but over the limit: too large.
                        if (!SipChars.TryParseUInt(digits, int.MaxValue, out var cl))
                        {
                            return Fail(SipParseErrorKind.ContentLengthInvalid, v0, data.Length, out length, out error);
                        }

                        if (cl > (ulong)limits.MaxMessageSize)
                        {
                            return Fail(SipParseErrorKind.MessageTooLarge, v0, data.Length, out length, out error);
                        }

                        contentLength = (int)cl;
                    }
                }
            }

            first = false;
            pos = next;
            if (pos - lead > limits.MaxMessageSize)
            {
                return Fail(SipParseErrorKind.MessageTooLarge, lead, data.Length, out length, out error);
            }
        }

        if (contentLength < 0)
        {
            // Without Content-Length a stream cannot be framed (RFC 3261 18.3).
            return Fail(SipParseErrorKind.ContentLengthMissing, pos, pos, out length, out error);
        }

        var total = pos + contentLength;
        if (total - lead > limits.MaxMessageSize)
        {
            return Fail(SipParseErrorKind.MessageTooLarge, pos, data.Length, out length, out error);
        }

        if (data.Length < total)
        {
            return false;
        }

        length = total;
        return true;
    }

    /// <summary>Sequence variant for pipe readers; copies only when the header section spans segments.</summary>
    public static bool TryFindMessageLength(in ReadOnlySequence<byte> data, in SipParserLimits limits, out int length, out SipParseError error)
    {
        if (data.IsSingleSegment)
        {
            return TryFindMessageLength(data.FirstSpan, limits, out length, out error);
        }

        var copyLength = (int)Math.Min(data.Length, (long)limits.MaxMessageSize + limits.MaxLineLength + 4);
        var rented = ArrayPool<byte>.Shared.Rent(copyLength);
        try
        {
            data.Slice(0, copyLength).CopyTo(rented);
            var found = TryFindMessageLength(rented.AsSpan(0, copyLength), limits, out length, out error);

            // A body longer than the copied window cannot be, as the window covers the size limit.
            return found;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool Fail(SipParseErrorKind kind, int position, int consumed, out int length, out SipParseError error)
    {
        length = consumed;
        error = new SipParseError(kind, position);
        return true;
    }
}
