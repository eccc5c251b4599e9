using System.Buffers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

internal static class NameAddrParser
{
    private static readonly SearchValues<byte> BareUriEnd = SearchValues.Create("; \t\r\n,"u8);

    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange value, out NameAddr result)
    {
        result = default;
        if (value.Offset < 0 || (uint)value.End > (uint)s.Length)
        {
            return false;
        }

        var end = SipChars.TrimLwsEnd(s, value.Offset, value.End);
        var p = SipChars.SkipLws(s, value.Offset, end);
        if (p >= end)
        {
            return false;
        }

        ByteRange display = default;
        var quoted = false;
        var brackets = false;
        SipUri uri;
        if (s[p] == (byte)'"')
        {
            var q = QuotedString.Scan(s, p, end);
            if (q < 0)
            {
                return false;
            }

            display = ByteRange.FromBounds(p, q);
            quoted = true;
            p = SipChars.SkipLws(s, q, end);
            if (p >= end || s[p] != (byte)'<')
            {
                return false;
            }
        }
        else if (s[p] != (byte)'<')
        {
            var lt = s[p..end].IndexOf((byte)'<');
            if (lt >= 0)
            {
                // Unquoted display name: tokens separated by LWS; a comma or other separator means
                // the sender forgot the quotes (RFC 4475 baddn), which a proxy must not propagate.
                var nameEnd = SipChars.TrimLwsEnd(s, p, p + lt);
                for (var i = p; i < nameEnd; i++)
                {
                    if (!SipChars.IsTokenChar(s[i]) && !SipChars.IsLws(s[i]))
                    {
                        return false;
                    }
                }

                display = ByteRange.FromBounds(p, nameEnd);
                p += lt;
            }
            else
            {
                var stop = s[p..end].IndexOfAny(BareUriEnd);
                var uriEnd = stop < 0 ? end : p + stop;
                var uriRange = ByteRange.FromBounds(p, uriEnd);

                // A bare addr-spec cannot carry '?' headers or ','; those need <> (RFC 3261 20, RFC 4475 regbadct).
                if (s[p..uriEnd].IndexOfAny((byte)'?', (byte)',') >= 0 || !SipUriParser.TryParse(s, uriRange, out uri))
                {
                    return false;
                }

                return FinishParams(s, value, uriEnd, end, display, quoted, brackets, uri, out result);
            }
        }

        // s[p] == '<'
        var gt = s[(p + 1)..end].IndexOf((byte)'>');
        if (gt < 0)
        {
            return false;
        }

        var u0 = p + 1;
        var u1 = p + 1 + gt;

        // Spaces inside <> around the addr-spec are not allowed (RFC 4475 badaspec); reject strictly.
        if (u1 <= u0 || !SipUriParser.TryParse(s, ByteRange.FromBounds(u0, u1), out uri))
        {
            return false;
        }

        brackets = true;
        return FinishParams(s, value, u1 + 1, end, display, quoted, brackets, uri, out result);
    }

    private static bool FinishParams(ReadOnlySpan<byte> s, ByteRange value, int p, int end, ByteRange display, bool quoted, bool brackets, SipUri uri, out NameAddr result)
    {
        result = default;
        var paramsStart = SipChars.SkipLws(s, p, end);
        var parameters = ByteRange.FromBounds(paramsStart, end);
        ByteRange tag = default;
        var hasTag = false;
        var reader = new SipParameterReader(s, paramsStart, end);
        while (reader.MoveNext(out var name, out var v))
        {
            if (name.Length == 3 && SipChars.EqualsIgnoreCase(s.Slice(name.Offset, 3), "tag"u8))
            {
                tag = v;
                hasTag = true;
            }
        }

        if (reader.Failed)
        {
            return false;
        }

        result = new NameAddr
        {
            Whole = value, DisplayName = display, IsDisplayNameQuoted = quoted, HasAngleBrackets = brackets,
            Uri = uri, Parameters = parameters, Tag = tag, HasTag = hasTag,
        };
        return true;
    }
}
