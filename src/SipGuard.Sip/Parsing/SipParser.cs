using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Parsing;

/// <summary>
/// Indexes a SIP message in one forward pass: start line, one entry per header field (folded
/// lines merged), body by Content-Length. No strings, no copies; values are parsed later, on use.
/// Both CRLF and bare LF end a line (RFC 5118's archive uses bare LF).
/// </summary>
public static class SipParser
{
    private static readonly System.Buffers.SearchValues<byte> UriForbidden = System.Buffers.SearchValues.Create(" \t<>\"\r"u8);

    public static SipParseError Parse(byte[] buffer, int offset, int length, in SipParserLimits limits, SipMessage into, SipFramingMode mode = SipFramingMode.Datagram)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length - offset);

        into.Reset();

        // Decide request vs response from the first bytes, so that even a message that fails early
        // maps to the right reaction (a bad request gets a 400, a bad response is dropped).
        var head = buffer.AsSpan(offset, length);
        var first = head.IndexOfAnyExcept((byte)'\r', (byte)'\n');
        into.SetKind(isRequest: first >= 0 && !(head.Length - first >= 4 && SipChars.EqualsLower(head.Slice(first, 3), "sip"u8) && head[first + 3] == (byte)'/'));
        if (length > limits.MaxMessageSize)
        {
            return new SipParseError(SipParseErrorKind.MessageTooLarge, 0);
        }

        // RFC 3261 7.5: CRLFs before the start line are ignored (keep-alives).
        var lead = buffer.AsSpan(offset, length).IndexOfAnyExcept((byte)'\r', (byte)'\n');
        if (lead < 0)
        {
            return new SipParseError(SipParseErrorKind.EmptyMessage, 0);
        }

        var s = buffer.AsSpan(offset + lead, length - lead);
        into.Attach(buffer, offset + lead, s.Length);

        var lf = s.IndexOf((byte)'\n');
        var lineEnd = lf < 0 ? s.Length : lf;
        if (lineEnd > limits.MaxLineLength)
        {
            return new SipParseError(SipParseErrorKind.LineTooLong, 0);
        }

        if (lf < 0)
        {
            return new SipParseError(SipParseErrorKind.HeadersIncomplete, s.Length);
        }

        var contentEnd = lf > 0 && s[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        var error = ParseStartLine(s, contentEnd, lf + 1, into);
        if (error.IsError)
        {
            // A bad request line still gets its answer (505 for the version, 400 otherwise), and an
            // answer is addressed by the Via: index the headers, keep the start line's error.
            if (into.IsRequest)
            {
                ParseHeadersAndBody(s, lf + 1, limits, into, mode);
            }

            return error;
        }

        return ParseHeadersAndBody(s, lf + 1, limits, into, mode);
    }

    private static SipParseError ParseStartLine(ReadOnlySpan<byte> s, int end, int next, SipMessage into)
    {
        var line = s[..end];
        var lineRange = new ByteRange(0, next);
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            return new SipParseError(SipParseErrorKind.BadStartLine, 0);
        }

        if (line.Length >= 4 && SipChars.EqualsLower(line[..3], "sip"u8) && line[3] == (byte)'/')
        {
            // Status-Line: SIP-Version SP Status-Code SP Reason-Phrase (the phrase may be empty, RFC 4475 noreason)
            var versionError = CheckVersion(line[..sp1], 0);
            if (versionError.IsError)
            {
                return versionError;
            }

            var c0 = sp1 + 1;
            var c1 = c0;
            while (c1 < end && SipChars.IsDigit(line[c1]))
            {
                c1++;
            }

            if (c1 - c0 != 3 || (c1 < end && line[c1] != (byte)' '))
            {
                return new SipParseError(SipParseErrorKind.BadStatusCode, c0);
            }

            var code = ((line[c0] - '0') * 100) + ((line[c0 + 1] - '0') * 10) + (line[c0 + 2] - '0');
            if (code is < 100 or > 699)
            {
                return new SipParseError(SipParseErrorKind.BadStatusCode, c0);
            }

            var reason = c1 < end ? ByteRange.FromBounds(c1 + 1, end) : new ByteRange(end, 0);
            into.SetStatusLine(code, new ByteRange(0, sp1), reason, lineRange);
            return SipParseError.None;
        }

        // Request-Line: Method SP Request-URI SP SIP-Version, single SP each (RFC 4475 lwsstart, trws, lwsruri).
        var method = line[..sp1];
        if (method.ContainsAnyExcept(SipChars.Token))
        {
            return new SipParseError(SipParseErrorKind.BadMethod, 0);
        }

        var sp2 = line.LastIndexOf((byte)' ');
        if (sp2 == sp1)
        {
            return new SipParseError(SipParseErrorKind.BadStartLine, sp1);
        }

        var error = CheckVersion(line[(sp2 + 1)..], sp2 + 1);
        if (error.IsError)
        {
            return error;
        }

        var uri = line[(sp1 + 1)..sp2];
        if (uri.IsEmpty || !LooksLikeAbsoluteUri(uri))
        {
            return new SipParseError(SipParseErrorKind.BadRequestUri, sp1 + 1);
        }

        into.SetRequestLine(
            KnownHeaderTable.MatchMethod(method),
            new ByteRange(0, sp1),
            ByteRange.FromBounds(sp1 + 1, sp2),
            ByteRange.FromBounds(sp2 + 1, end),
            lineRange);
        return SipParseError.None;
    }

    /// <summary>scheme ":" and no LWS, brackets or quotes; the scheme itself is judged later (416 vs 400).</summary>
    private static bool LooksLikeAbsoluteUri(ReadOnlySpan<byte> uri)
    {
        if (!SipChars.IsAlpha(uri[0]))
        {
            return false;
        }

        var i = 1;
        while (i < uri.Length && (SipChars.IsAlpha(uri[i]) || SipChars.IsDigit(uri[i]) || uri[i] is (byte)'+' or (byte)'-' or (byte)'.'))
        {
            i++;
        }

        return i < uri.Length - 1 && uri[i] == (byte)':' && uri.IndexOfAny(UriForbidden) < 0;
    }

    /// <summary>"SIP/2.0" is supported; any other well-formed SIP/x.y is 505, anything else 400.</summary>
    private static SipParseError CheckVersion(ReadOnlySpan<byte> v, int position)
    {
        if (v.Length == 7 && SipChars.EqualsLower(v[..3], "sip"u8) && v[3] == (byte)'/' && v[4] == (byte)'2' && v[5] == (byte)'.' && v[6] == (byte)'0')
        {
            return SipParseError.None;
        }

        if (v.Length >= 7 && SipChars.EqualsLower(v[..3], "sip"u8) && v[3] == (byte)'/')
        {
            var dot = v.IndexOf((byte)'.');
            if (dot > 4 && dot < v.Length - 1 && !v[4..dot].ContainsAnyExcept(SipChars.Digits) && !v[(dot + 1)..].ContainsAnyExcept(SipChars.Digits))
            {
                return new SipParseError(SipParseErrorKind.UnsupportedVersion, position);
            }
        }

        return new SipParseError(SipParseErrorKind.BadVersion, position);
    }

    private static SipParseError ParseHeadersAndBody(ReadOnlySpan<byte> s, int pos, in SipParserLimits limits, SipMessage into, SipFramingMode mode)
    {
        var current = new HeaderBuilder { Index = -1 };
        var contentLength = -1;
        int headerSectionEnd, bodyStart;
        while (true)
        {
            if (pos >= s.Length)
            {
                // A datagram may end right after the last header line without the empty line
                // (RFC 5118 4.10 archive files); a stream must wait for it.
                if (mode == SipFramingMode.Stream)
                {
                    return new SipParseError(SipParseErrorKind.HeadersIncomplete, pos);
                }

                headerSectionEnd = s.Length;
                bodyStart = s.Length;
                break;
            }

            var rel = s[pos..].IndexOf((byte)'\n');
            if (rel < 0 && mode == SipFramingMode.Stream)
            {
                return new SipParseError(SipParseErrorKind.HeadersIncomplete, pos);
            }

            var lineEnd = rel < 0 ? s.Length : pos + rel;
            var next = rel < 0 ? s.Length : lineEnd + 1;
            if (lineEnd - pos > limits.MaxLineLength)
            {
                return new SipParseError(SipParseErrorKind.LineTooLong, pos);
            }

            var contentEnd = lineEnd > pos && s[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == pos)
            {
                headerSectionEnd = pos;
                bodyStart = next;
                break;
            }

            if (SipChars.IsWsp(s[pos]))
            {
                // continuation line: belongs to the header above
                if (current.Index < 0)
                {
                    return new SipParseError(SipParseErrorKind.BadHeaderLine, pos);
                }

                current.ValueEnd = contentEnd;
                current.LineEnd = next;
                pos = next;
                continue;
            }

            if (current.Index >= 0)
            {
                var err = Finish(s, ref current, limits, into, ref contentLength);
                if (err.IsError)
                {
                    return err;
                }
            }

            var colon = s[pos..contentEnd].IndexOf((byte)':');
            if (colon < 0)
            {
                return new SipParseError(SipParseErrorKind.BadHeaderLine, pos);
            }

            var nameEnd = pos + colon;
            while (nameEnd > pos && SipChars.IsWsp(s[nameEnd - 1]))
            {
                nameEnd--;
            }

            var name = s[pos..nameEnd];
            if (name.IsEmpty || name.ContainsAnyExcept(SipChars.Token))
            {
                return new SipParseError(SipParseErrorKind.BadHeaderName, pos);
            }

            if (into.HeaderCount >= limits.MaxHeaders)
            {
                return new SipParseError(SipParseErrorKind.TooManyHeaders, pos);
            }

            current = new HeaderBuilder
            {
                Index = into.HeaderCount,
                Id = KnownHeaderTable.Match(name),
                LineStart = pos,
                NameEnd = nameEnd,
                ValueStart = pos + colon + 1,
                ValueEnd = contentEnd,
                LineEnd = next,
            };
            pos = next;
        }

        if (current.Index >= 0)
        {
            var err = Finish(s, ref current, limits, into, ref contentLength);
            if (err.IsError)
            {
                return err;
            }
        }

        var available = s.Length - bodyStart;
        int messageLength;
        if (contentLength >= 0)
        {
            if (contentLength > available)
            {
                return new SipParseError(SipParseErrorKind.ContentLengthTooLarge, headerSectionEnd);
            }

            messageLength = bodyStart + contentLength;
        }
        else
        {
            if (mode == SipFramingMode.Stream)
            {
                return new SipParseError(SipParseErrorKind.ContentLengthMissing, headerSectionEnd);
            }

            messageLength = s.Length;
        }

        into.SetBody(headerSectionEnd, ByteRange.FromBounds(bodyStart, messageLength), contentLength);
        into.SetLength(messageLength, s.Length - messageLength);
        return SipParseError.None;
    }

    private static SipParseError Finish(ReadOnlySpan<byte> s, ref HeaderBuilder h, in SipParserLimits limits, SipMessage into, ref int contentLength)
    {
        var valueEnd = SipChars.TrimLwsEnd(s, h.ValueStart, h.ValueEnd);
        var valueStart = SipChars.SkipLws(s, h.ValueStart, valueEnd);
        var value = ByteRange.FromBounds(valueStart, valueEnd);
        into.AddHeader(new SipHeader(h.Id, ByteRange.FromBounds(h.LineStart, h.NameEnd), value, ByteRange.FromBounds(h.LineStart, h.LineEnd)));
        h.Index = -1;

        switch (h.Id)
        {
            case KnownHeader.ContentLength:
                if (contentLength >= 0)
                {
                    return new SipParseError(SipParseErrorKind.ContentLengthDuplicated, h.LineStart);
                }

                // digits only: a sign, a second value or junk is a framing error (RFC 4475 ncl, mcl01)
                var digits = s[valueStart..valueEnd];
                if (digits.IsEmpty || digits.ContainsAnyExcept(SipChars.Digits))
                {
                    return new SipParseError(SipParseErrorKind.ContentLengthInvalid, valueStart);
                }

                if (!SipChars.TryParseUInt(digits, (ulong)limits.MaxMessageSize, out var cl))
                {
                    return new SipParseError(SipParseErrorKind.ContentLengthTooLarge, valueStart);
                }

                contentLength = (int)cl;
                break;

            case KnownHeader.Via:
                var vias = 1 + CountTopLevelCommas(s[valueStart..valueEnd]);
                into.AddViaValues(vias);
                if (into.ViaCount > limits.MaxVias)
                {
                    return new SipParseError(SipParseErrorKind.TooManyVias, h.LineStart);
                }

                break;
        }

        return SipParseError.None;
    }

    private static int CountTopLevelCommas(ReadOnlySpan<byte> v)
    {
        // Via values hold no quoted strings in practice, but a quoted param value may; skip those.
        var n = 0;
        var quoted = false;
        foreach (var b in v)
        {
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (b == (byte)',' && !quoted)
            {
                n++;
            }
        }

        return n;
    }

    private struct HeaderBuilder
    {
        public int Index;
        public KnownHeader Id;
        public int LineStart;
        public int NameEnd;
        public int ValueStart;
        public int ValueEnd;
        public int LineEnd;
    }
}
