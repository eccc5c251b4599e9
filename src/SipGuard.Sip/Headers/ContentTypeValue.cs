using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>media-type: type "/" subtype *(";" parameter).</summary>
public readonly record struct ContentTypeValue(ByteRange Type, ByteRange Subtype, ByteRange Parameters)
{
    public bool Is(ReadOnlySpan<byte> message, ReadOnlySpan<byte> type, ReadOnlySpan<byte> subtype) =>
        SipChars.EqualsIgnoreCase(message.Slice(Type.Offset, Type.Length), type) &&
        SipChars.EqualsIgnoreCase(message.Slice(Subtype.Offset, Subtype.Length), subtype);

    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange value, out ContentTypeValue contentType)
    {
        contentType = default;
        if (value.Offset < 0 || (uint)value.End > (uint)s.Length)
        {
            return false;
        }

        var end = SipChars.TrimLwsEnd(s, value.Offset, value.End);
        var p = SipChars.SkipLws(s, value.Offset, end);
        var t0 = p;
        p = SipChars.SkipToken(s, p, end);
        var type = ByteRange.FromBounds(t0, p);
        p = SipChars.SkipLws(s, p, end);
        if (type.IsEmpty || p >= end || s[p] != (byte)'/')
        {
            return false;
        }

        p = SipChars.SkipLws(s, p + 1, end);
        var st0 = p;
        p = SipChars.SkipToken(s, p, end);
        var subtype = ByteRange.FromBounds(st0, p);
        var parameters = ByteRange.FromBounds(SipChars.SkipLws(s, p, end), end);
        if (subtype.IsEmpty || !SipParameters.IsWellFormed(s, parameters))
        {
            return false;
        }

        contentType = new ContentTypeValue(type, subtype, parameters);
        return true;
    }
}
