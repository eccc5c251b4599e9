using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>CSeq: sequence number (at most 2^32-1) and method.</summary>
public readonly record struct CSeqValue(uint Number, SipMethod Method, ByteRange MethodRange)
{
    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange value, out CSeqValue cseq)
    {
        cseq = default;
        if (value.Offset < 0 || (uint)value.End > (uint)s.Length)
        {
            return false;
        }

        var end = SipChars.TrimLwsEnd(s, value.Offset, value.End);
        var p = SipChars.SkipLws(s, value.Offset, end);
        var d0 = p;
        while (p < end && SipChars.IsDigit(s[p]))
        {
            p++;
        }

        if (!SipChars.TryParseUInt(s[d0..p], uint.MaxValue, out var number))
        {
            return false;
        }

        var m0 = SipChars.SkipLws(s, p, end);
        if (m0 == p)
        {
            return false;
        }

        var m1 = SipChars.SkipToken(s, m0, end);
        if (m1 == m0 || m1 != end)
        {
            return false;
        }

        cseq = new CSeqValue((uint)number, KnownHeaderTable.MatchMethod(s[m0..m1]), ByteRange.FromBounds(m0, m1));
        return true;
    }
}
