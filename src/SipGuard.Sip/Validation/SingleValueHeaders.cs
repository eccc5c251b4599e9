using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Validation;

/// <summary>
/// Headers the grammar allows once (RFC 3261 §20; RFC 4475 multi01). A second From or
/// Max-Forwards is not a harmless repeat: the element that reads the first and the one that reads
/// the second see different callers or hop counts, so the message is refused.
/// </summary>
public static class SingleValueHeaders
{
    private static ReadOnlySpan<KnownHeader> Ids =>
    [
        KnownHeader.From, KnownHeader.To, KnownHeader.CallId, KnownHeader.CSeq, KnownHeader.MaxForwards, KnownHeader.ContentType,
        KnownHeader.Expires, KnownHeader.MinExpires, KnownHeader.SessionExpires, KnownHeader.ReferTo, KnownHeader.ReferredBy,
    ];

    public static SipParseError Check(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var id in Ids)
        {
            if (message.CountOf(id) > 1)
            {
                var second = message.IndexOf(id, message.IndexOf(id) + 1);
                return new SipParseError(SipParseErrorKind.DuplicateHeader, message.Headers[second].Line.Offset);
            }
        }

        return SipParseError.None;
    }
}
