using System.Buffers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>
/// Parses SIP/SIPS/tel URIs into ranges. The userinfo ends at the first '@' because neither
/// host, params nor headers may hold an unescaped '@', while the user part may hold ';', '?' and
/// ',' (RFC 4475 semiuri and intmeth).
/// </summary>
internal static class SipUriParser
{
    private static readonly SearchValues<byte> Forbidden = SearchValues.Create(" \t\r\n<>\""u8);
    private static readonly SearchValues<byte> HostEnd = SearchValues.Create(":;?"u8);
    private static readonly SearchValues<byte> HostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"u8);
    private static readonly SearchValues<byte> IPv6Chars = SearchValues.Create("0123456789abcdefABCDEF:."u8);

    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange range, out SipUri uri)
    {
        uri = default;
        int p = range.Offset, end = range.End;
        if ((uint)end > (uint)s.Length || p < 0 || p >= end || !SipChars.IsAlpha(s[p]))
        {
            return false;
        }

        var q = p + 1;
        while (q < end && (SipChars.IsAlpha(s[q]) || SipChars.IsDigit(s[q]) || s[q] is (byte)'+' or (byte)'-' or (byte)'.'))
        {
            q++;
        }

        if (q >= end || s[q] != (byte)':' || q + 1 >= end)
        {
            return false;
        }

        var body = q + 1;
        if (s[body..end].ContainsAny(Forbidden))
        {
            return false;
        }

        var schemeBytes = s[p..q];
        var scheme = schemeBytes.Length switch
        {
            3 when SipChars.EqualsLower(schemeBytes, "sip"u8) => SipUriScheme.Sip,
            3 when SipChars.EqualsLower(schemeBytes, "tel"u8) => SipUriScheme.Tel,
            4 when SipChars.EqualsLower(schemeBytes, "sips"u8) => SipUriScheme.Sips,
            _ => SipUriScheme.Other,
        };
        var schemeRange = ByteRange.FromBounds(p, q);
        if (scheme == SipUriScheme.Other)
        {
            uri = new SipUri { Scheme = scheme, Whole = range, SchemeRange = schemeRange, Port = -1 };
            return true;
        }

        if (scheme == SipUriScheme.Tel)
        {
            var semi = s[body..end].IndexOf((byte)';');
            var numberEnd = semi < 0 ? end : body + semi;
            if (numberEnd == body)
            {
                return false;
            }

            var telParams = ByteRange.FromBounds(numberEnd, end);
            if (!SipParameters.IsWellFormed(s, telParams))
            {
                return false;
            }

            uri = new SipUri
            {
                Scheme = scheme, Whole = range, SchemeRange = schemeRange, User = ByteRange.FromBounds(body, numberEnd),
                HasUserInfo = true, Port = -1, Parameters = telParams,
            };
            return true;
        }

        ByteRange user = default, password = default;
        var hasUserInfo = false;
        var hostStart = body;
        var at = s[body..end].IndexOf((byte)'@');
        if (at >= 0)
        {
            var userInfoEnd = body + at;
            var colon = s[body..userInfoEnd].IndexOf((byte)':');
            var userEnd = colon < 0 ? userInfoEnd : body + colon;
            if (userEnd == body)
            {
                return false;
            }

            user = ByteRange.FromBounds(body, userEnd);
            if (colon >= 0)
            {
                password = ByteRange.FromBounds(userEnd + 1, userInfoEnd);
            }

            hasUserInfo = true;
            hostStart = userInfoEnd + 1;
        }

        if (!TryParseHostPort(s, hostStart, end, out var host, out var ipv6, out var port, out var p2))
        {
            return false;
        }

        ByteRange parameters = default, headers = default;
        var hasHeaders = false;
        if (p2 < end && s[p2] == (byte)';')
        {
            var qm = s[p2..end].IndexOf((byte)'?');
            var paramsEnd = qm < 0 ? end : p2 + qm;
            parameters = ByteRange.FromBounds(p2, paramsEnd);
            if (!SipParameters.IsWellFormed(s, parameters))
            {
                return false;
            }

            p2 = paramsEnd;
        }

        if (p2 < end)
        {
            if (s[p2] != (byte)'?')
            {
                return false;
            }

            headers = ByteRange.FromBounds(p2 + 1, end);
            hasHeaders = true;
        }

        uri = new SipUri
        {
            Scheme = scheme, Whole = range, SchemeRange = schemeRange, User = user, Password = password,
            HasUserInfo = hasUserInfo, Host = host, IsIPv6Reference = ipv6, Port = port, Parameters = parameters,
            Headers = headers, HasHeaders = hasHeaders,
        };
        return true;
    }

    /// <summary>host [":" port]; an IPv6 reference must be bracketed, and the port must follow the ']' (RFC 5118 4.3).</summary>
    internal static bool TryParseHostPort(ReadOnlySpan<byte> s, int p, int end, out ByteRange host, out bool ipv6, out int port, out int next)
    {
        host = default;
        ipv6 = false;
        port = -1;
        next = p;
        if (p >= end)
        {
            return false;
        }

        int hostEnd;
        if (s[p] == (byte)'[')
        {
            var close = s[p..end].IndexOf((byte)']');
            if (close < 2 || s[(p + 1)..(p + close)].ContainsAnyExcept(IPv6Chars))
            {
                return false;
            }

            host = ByteRange.FromBounds(p + 1, p + close);
            ipv6 = true;
            hostEnd = p + close + 1;
        }
        else
        {
            var stop = s[p..end].IndexOfAny(HostEnd);
            hostEnd = stop < 0 ? end : p + stop;
            if (hostEnd == p || s[p..hostEnd].ContainsAnyExcept(HostChars))
            {
                return false;
            }

            host = ByteRange.FromBounds(p, hostEnd);
        }

        next = hostEnd;
        if (hostEnd < end && s[hostEnd] == (byte)':')
        {
            var d0 = hostEnd + 1;
            var d = d0;
            while (d < end && SipChars.IsDigit(s[d]))
            {
                d++;
            }

            if (!SipChars.TryParseUInt(s[d0..d], 65535, out var value))
            {
                return false;
            }

            port = (int)value;
            next = d;
        }

        return true;
    }
}
