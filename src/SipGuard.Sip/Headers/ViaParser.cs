using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>
/// Via value parser. LWS (including folds) is allowed around '/', ':' and ';' as in RFC 4475 wsinv.
/// received may hold a bracketed or bare IPv6 address (RFC 5118 4.5).
/// </summary>
internal static class ViaParser
{
    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange value, out ViaValue via)
    {
        via = default;
        if (value.Offset < 0 || (uint)value.End > (uint)s.Length)
        {
            return false;
        }

        var end = SipChars.TrimLwsEnd(s, value.Offset, value.End);
        var p = SipChars.SkipLws(s, value.Offset, end);
        if (!Token(s, ref p, end, out var name) || !Slash(s, ref p, end) ||
            !Token(s, ref p, end, out var version) || !Slash(s, ref p, end) ||
            !Token(s, ref p, end, out var transport))
        {
            return false;
        }

        var h = SipChars.SkipLws(s, p, end);
        if (h == p || h >= end)
        {
            return false;
        }

        // sent-by ends at LWS, ':' or ';'; reuse the URI host rules on that slice.
        var hostEnd = h;
        if (s[h] == (byte)'[')
        {
            var close = s[h..end].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            hostEnd = h + close + 1;
        }
        else
        {
            while (hostEnd < end && !SipChars.IsLws(s[hostEnd]) && s[hostEnd] is not ((byte)':' or (byte)';'))
            {
                hostEnd++;
            }
        }

        if (!SipUriParser.TryParseHostPort(s, h, hostEnd, out var host, out var ipv6, out _, out var afterHost) || afterHost != hostEnd)
        {
            return false;
        }

        var port = -1;
        p = SipChars.SkipLws(s, hostEnd, end);
        if (p < end && s[p] == (byte)':')
        {
            p = SipChars.SkipLws(s, p + 1, end);
            var d0 = p;
            while (p < end && SipChars.IsDigit(s[p]))
            {
                p++;
            }

            if (!SipChars.TryParseUInt(s[d0..p], 65535, out var portValue))
            {
                return false;
            }

            port = (int)portValue;
        }

        var paramsStart = SipChars.SkipLws(s, p, end);
        ByteRange branch = default, received = default, maddr = default;
        bool hasBranch = false, hasReceived = false, hasRport = false, hasMaddr = false;
        var rport = -1;
        var reader = new SipParameterReader(s, paramsStart, end);
        while (reader.MoveNext(out var n, out var v))
        {
            var pn = s.Slice(n.Offset, n.Length);
            if (SipChars.EqualsIgnoreCase(pn, "branch"u8))
            {
                branch = v;
                hasBranch = true;
            }
            else if (SipChars.EqualsIgnoreCase(pn, "received"u8))
            {
                received = v;
                hasReceived = true;
            }
            else if (SipChars.EqualsIgnoreCase(pn, "rport"u8))
            {
                hasRport = true;
                if (!v.IsEmpty)
                {
                    if (!SipChars.TryParseUInt(s.Slice(v.Offset, v.Length), 65535, out var rp))
                    {
                        return false;
                    }

                    rport = (int)rp;
                }
            }
            else if (SipChars.EqualsIgnoreCase(pn, "maddr"u8))
            {
                maddr = v;
                hasMaddr = true;
            }
        }

        if (reader.Failed)
        {
            return false;
        }

        via = new ViaValue
        {
            Whole = value, ProtocolName = name, ProtocolVersion = version, Transport = transport, Host = host,
            IsIPv6Reference = ipv6, Port = port, Parameters = ByteRange.FromBounds(paramsStart, end), Branch = branch,
            HasBranch = hasBranch, Received = received, HasReceived = hasReceived, HasRport = hasRport, Rport = rport,
            Maddr = maddr, HasMaddr = hasMaddr,
        };
        return true;
    }

    private static bool Token(ReadOnlySpan<byte> s, ref int p, int end, out ByteRange token)
    {
        p = SipChars.SkipLws(s, p, end);
        var t = SipChars.SkipToken(s, p, end);
        token = ByteRange.FromBounds(p, t);
        p = t;
        return t > token.Offset;
    }

    private static bool Slash(ReadOnlySpan<byte> s, ref int p, int end)
    {
        p = SipChars.SkipLws(s, p, end);
        if (p < end && s[p] == (byte)'/')
        {
            p++;
            return true;
        }

        return false;
    }
}
