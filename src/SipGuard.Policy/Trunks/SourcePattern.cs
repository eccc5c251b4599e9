using System.Net;
using System.Net.Sockets;

namespace SipGuard.Policy.Trunks;

/// <summary>A trunk source: a CIDR over the 128-bit address space (IPv4 mapped) and an optional port.</summary>
internal readonly record struct SourcePattern(ulong High, ulong Low, int PrefixLength, int Port)
{
    public bool Matches(in SourceEndpoint source)
    {
        if (Port != 0 && Port != source.Port)
        {
            return false;
        }

        var (maskHigh, maskLow) = Masks(PrefixLength);
        return (source.High & maskHigh) == High && (source.Low & maskLow) == Low;
    }

    public override string ToString()
    {
        var ep = new SourceEndpoint(High, Low, Port);
        var isV4 = ep.IsIPv4;
        var text = ep.ToString();
        var addr = text[..text.LastIndexOf(':')];
        return $"{addr}/{(isV4 ? PrefixLength - 96 : PrefixLength)}{(Port != 0 ? ":" + Port : string.Empty)}";
    }

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>127.0.0.2:5060</c>, <c>127.0.0.2/32:5060</c>, <c>::1/128</c>, <c>[::1]/128:5060</c>.</summary>
    public static bool TryParse(string text, out SourcePattern pattern, out string? error)
    {
        pattern = default;
        error = null;
        var s = text.Trim().AsSpan();
        ReadOnlySpan<char> addr;
        ReadOnlySpan<char> rest;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            if (close < 0)
            {
                error = $"'{text}': missing ']'";
                return false;
            }

            addr = s[1..close];
            rest = s[(close + 1)..];
        }
        else if (s.Count(':') > 1)
        {
            // Bare IPv6: no port possible without brackets.
            var slash = s.IndexOf('/');
            addr = slash < 0 ? s : s[..slash];
            rest = slash < 0 ? default : s[slash..];
        }
        else
        {
            var cut = s.IndexOfAny('/', ':');
            addr = cut < 0 ? s : s[..cut];
            rest = cut < 0 ? default : s[cut..];
        }

        if (!IPAddress.TryParse(addr, out var ip))
        {
            error = $"'{text}': '{addr}' is not an IP address";
            return false;
        }

        var isV4 = ip.AddressFamily == AddressFamily.InterNetwork;
        var max = isV4 ? 32 : 128;
        var prefix = max;
        var port = 0;
        if (rest.StartsWith('/'))
        {
            var colon = rest.IndexOf(':');
            var lenText = colon < 0 ? rest[1..] : rest[1..colon];
            if (!int.TryParse(lenText, System.Globalization.NumberStyles.None, null, out prefix) || prefix > max)
            {
                error = $"'{text}': prefix length must be 0..{max}";
                return false;
            }

            rest = colon < 0 ? default : rest[colon..];
        }

        if (rest.StartsWith(':'))
        {
            if (!int.TryParse(rest[1..], System.Globalization.NumberStyles.None, null, out port) || port is < 1 or > 65535)
            {
                error = $"'{text}': port must be 1..65535";
                return false;
            }

            rest = default;
        }

        if (!rest.IsEmpty)
        {
            error = $"'{text}': unexpected '{rest}'";
            return false;
        }

        var ep = SourceEndpoint.FromIPAddress(ip, 0);
        var bits = isV4 ? prefix + 96 : prefix;
        var (mh, ml) = Masks(bits);
        pattern = new SourcePattern(ep.High & mh, ep.Low & ml, bits, port);
        return true;
    }

    internal static (ulong High, ulong Low) Masks(int bits) => bits switch
    {
        0 => (0UL, 0UL),
        < 64 => (~0UL << (64 - bits), 0UL),
        64 => (~0UL, 0UL),
        < 128 => (~0UL, ~0UL << (128 - bits)),
        _ => (~0UL, ~0UL),
    };
}
