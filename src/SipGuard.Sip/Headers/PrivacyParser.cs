using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>priv-value *(";" priv-value); commas are accepted too since several lines and lists are merged.</summary>
public static class PrivacyParser
{
    public static PrivacyFlags Parse(ReadOnlySpan<byte> s, ByteRange value)
    {
        var flags = PrivacyFlags.None;
        var end = value.End;
        var p = value.Offset;
        while (p < end)
        {
            p = SipChars.SkipLws(s, p, end);
            var t0 = p;
            p = SipChars.SkipToken(s, p, end);
            var token = s[t0..p];
            flags |= token.Length switch
            {
                0 => PrivacyFlags.None,
                2 when SipChars.EqualsLower(token, "id"u8) => PrivacyFlags.Id,
                4 when SipChars.EqualsLower(token, "user"u8) => PrivacyFlags.User,
                4 when SipChars.EqualsLower(token, "none"u8) => PrivacyFlags.NoneToken,
                6 when SipChars.EqualsLower(token, "header"u8) => PrivacyFlags.Header,
                7 when SipChars.EqualsLower(token, "session"u8) => PrivacyFlags.Session,
                7 when SipChars.EqualsLower(token, "history"u8) => PrivacyFlags.History,
                8 when SipChars.EqualsLower(token, "critical"u8) => PrivacyFlags.Critical,
                _ => PrivacyFlags.Unknown,
            };

            // skip separators and anything unexpected so a bad byte cannot stall the loop
            while (p < end && !SipChars.IsTokenChar(s[p]))
            {
                p++;
            }
        }

        return flags;
    }
}
