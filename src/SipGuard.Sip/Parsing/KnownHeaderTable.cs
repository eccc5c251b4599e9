using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Parsing;

/// <summary>
/// Maps a header name to its <see cref="KnownHeader"/> id: switch on length, then on the folded
/// first byte, then one folded integer compare (Kestrel's generated table, written by hand).
/// The name must already be checked to be token characters.
/// </summary>
internal static class KnownHeaderTable
{
    public static KnownHeader Match(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return KnownHeader.Unknown;
        }

        var first = (byte)(name[0] | 0x20);
        switch (name.Length)
        {
            case 1:
                return first switch
                {
                    (byte)'i' => KnownHeader.CallId,
                    (byte)'f' => KnownHeader.From,
                    (byte)'t' => KnownHeader.To,
                    (byte)'v' => KnownHeader.Via,
                    (byte)'m' => KnownHeader.Contact,
                    (byte)'l' => KnownHeader.ContentLength,
                    (byte)'c' => KnownHeader.ContentType,
                    (byte)'k' => KnownHeader.Supported,
                    (byte)'s' => KnownHeader.Subject,
                    (byte)'e' => KnownHeader.ContentEncoding,
                    (byte)'o' => KnownHeader.Event,
                    (byte)'u' => KnownHeader.AllowEvents,
                    (byte)'r' => KnownHeader.ReferTo,
                    (byte)'b' => KnownHeader.ReferredBy,
                    (byte)'x' => KnownHeader.SessionExpires,
                    _ => KnownHeader.Unknown,
                };
            case 2:
                return SipChars.EqualsLower(name, "to"u8) ? KnownHeader.To : KnownHeader.Unknown;
            case 3:
                return SipChars.EqualsLower(name, "via"u8) ? KnownHeader.Via : KnownHeader.Unknown;
            case 4:
                return first switch
                {
                    (byte)'f' when SipChars.EqualsLower(name, "from"u8) => KnownHeader.From,
                    (byte)'c' when SipChars.EqualsLower(name, "cseq"u8) => KnownHeader.CSeq,
                    (byte)'d' when SipChars.EqualsLower(name, "date"u8) => KnownHeader.Date,
                    _ => KnownHeader.Unknown,
                };
            case 5:
                return first switch
                {
                    (byte)'r' when SipChars.EqualsLower(name, "route"u8) => KnownHeader.Route,
                    (byte)'e' when SipChars.EqualsLower(name, "event"u8) => KnownHeader.Event,
                    (byte)'a' when SipChars.EqualsLower(name, "allow"u8) => KnownHeader.Allow,
                    _ => KnownHeader.Unknown,
                };
            case 6:
                return first switch
                {
                    (byte)'a' when SipChars.EqualsLower(name, "accept"u8) => KnownHeader.Accept,
                    (byte)'s' when SipChars.EqualsLower(name, "server"u8) => KnownHeader.Server,
                    _ => KnownHeader.Unknown,
                };
            case 7:
                return first switch
                {
                    (byte)'c' when SipChars.EqualsLower(name, "call-id"u8) => KnownHeader.CallId,
                    (byte)'c' when SipChars.EqualsLower(name, "contact"u8) => KnownHeader.Contact,
                    (byte)'p' when SipChars.EqualsLower(name, "privacy"u8) => KnownHeader.Privacy,
                    (byte)'r' when SipChars.EqualsLower(name, "require"u8) => KnownHeader.Require,
                    (byte)'s' when SipChars.EqualsLower(name, "subject"u8) => KnownHeader.Subject,
                    (byte)'e' when SipChars.EqualsLower(name, "expires"u8) => KnownHeader.Expires,
                    (byte)'w' when SipChars.EqualsLower(name, "warning"u8) => KnownHeader.Warning,
                    _ => KnownHeader.Unknown,
                };
            case 8:
                return first switch
                {
                    (byte)'i' when SipChars.EqualsLower(name, "identity"u8) => KnownHeader.Identity,
                    (byte)'r' when SipChars.EqualsLower(name, "refer-to"u8) => KnownHeader.ReferTo,
                    _ => KnownHeader.Unknown,
                };
            case 9:
                return first switch
                {
                    (byte)'s' when SipChars.EqualsLower(name, "supported"u8) => KnownHeader.Supported,
                    (byte)'t' when SipChars.EqualsLower(name, "timestamp"u8) => KnownHeader.Timestamp,
                    (byte)'d' when SipChars.EqualsLower(name, "diversion"u8) => KnownHeader.Diversion,
                    _ => KnownHeader.Unknown,
                };
            case 10:
                return first switch
                {
                    (byte)'u' when SipChars.EqualsLower(name, "user-agent"u8) => KnownHeader.UserAgent,
                    _ => KnownHeader.Unknown,
                };
            case 11:
                return first switch
                {
                    (byte)'u' when SipChars.EqualsLower(name, "unsupported"u8) => KnownHeader.Unsupported,
                    (byte)'r' when SipChars.EqualsLower(name, "retry-after"u8) => KnownHeader.RetryAfter,
                    (byte)'r' when SipChars.EqualsLower(name, "referred-by"u8) => KnownHeader.ReferredBy,
                    (byte)'m' when SipChars.EqualsLower(name, "min-expires"u8) => KnownHeader.MinExpires,
                    _ => KnownHeader.Unknown,
                };
            case 12:
                return first switch
                {
                    (byte)'m' when SipChars.EqualsLower(name, "max-forwards"u8) => KnownHeader.MaxForwards,
                    (byte)'r' when SipChars.EqualsLower(name, "record-route"u8) => KnownHeader.RecordRoute,
                    (byte)'c' when SipChars.EqualsLower(name, "content-type"u8) => KnownHeader.ContentType,
                    (byte)'a' when SipChars.EqualsLower(name, "allow-events"u8) => KnownHeader.AllowEvents,
                    (byte)'h' when SipChars.EqualsLower(name, "history-info"u8) => KnownHeader.HistoryInfo,
                    _ => KnownHeader.Unknown,
                };
            case 13:
                return first switch
                {
                    (byte)'p' when SipChars.EqualsLower(name, "proxy-require"u8) => KnownHeader.ProxyRequire,
                    (byte)'a' when SipChars.EqualsLower(name, "authorization"u8) => KnownHeader.Authorization,
                    _ => KnownHeader.Unknown,
                };
            case 14:
                return first switch
                {
                    (byte)'c' when SipChars.EqualsLower(name, "content-length"u8) => KnownHeader.ContentLength,
                    _ => KnownHeader.Unknown,
                };
            case 15:
                return first switch
                {
                    (byte)'r' when SipChars.EqualsLower(name, "remote-party-id"u8) => KnownHeader.RemotePartyId,
                    (byte)'s' when SipChars.EqualsLower(name, "session-expires"u8) => KnownHeader.SessionExpires,
                    _ => KnownHeader.Unknown,
                };
            case 16:
                return first switch
                {
                    (byte)'c' when SipChars.EqualsLower(name, "content-encoding"u8) => KnownHeader.ContentEncoding,
                    (byte)'w' when SipChars.EqualsLower(name, "www-authenticate"u8) => KnownHeader.WwwAuthenticate,
                    _ => KnownHeader.Unknown,
                };
            case 18:
                return first switch
                {
                    (byte)'p' when SipChars.EqualsLower(name, "proxy-authenticate"u8) => KnownHeader.ProxyAuthenticate,
                    _ => KnownHeader.Unknown,
                };
            case 19:
                return first switch
                {
                    (byte)'p' when SipChars.EqualsLower(name, "p-asserted-identity"u8) => KnownHeader.PAssertedIdentity,
                    (byte)'p' when SipChars.EqualsLower(name, "proxy-authorization"u8) => KnownHeader.ProxyAuthorization,
                    _ => KnownHeader.Unknown,
                };
            case 20:
                return first switch
                {
                    (byte)'p' when SipChars.EqualsLower(name, "p-preferred-identity"u8) => KnownHeader.PPreferredIdentity,
                    _ => KnownHeader.Unknown,
                };
            default:
                return KnownHeader.Unknown;
        }
    }

    /// <summary>Methods are case-sensitive (RFC 3261 7.1), so these are exact compares.</summary>
    public static SipMethod MatchMethod(ReadOnlySpan<byte> m) => m.Length switch
    {
        3 when m.SequenceEqual("ACK"u8) => SipMethod.Ack,
        3 when m.SequenceEqual("BYE"u8) => SipMethod.Bye,
        4 when m.SequenceEqual("INFO"u8) => SipMethod.Info,
        5 when m.SequenceEqual("PRACK"u8) => SipMethod.Prack,
        5 when m.SequenceEqual("REFER"u8) => SipMethod.Refer,
        6 when m.SequenceEqual("INVITE"u8) => SipMethod.Invite,
        6 when m.SequenceEqual("CANCEL"u8) => SipMethod.Cancel,
        6 when m.SequenceEqual("NOTIFY"u8) => SipMethod.Notify,
        6 when m.SequenceEqual("UPDATE"u8) => SipMethod.Update,
        7 when m.SequenceEqual("OPTIONS"u8) => SipMethod.Options,
        7 when m.SequenceEqual("PUBLISH"u8) => SipMethod.Publish,
        7 when m.SequenceEqual("MESSAGE"u8) => SipMethod.Message,
        8 when m.SequenceEqual("REGISTER"u8) => SipMethod.Register,
        9 when m.SequenceEqual("SUBSCRIBE"u8) => SipMethod.Subscribe,
        _ => SipMethod.Extension,
    };
}
