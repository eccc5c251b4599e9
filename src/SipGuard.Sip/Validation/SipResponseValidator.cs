using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Validation;

/// <summary>
/// Checks a response before a proxy relays it. Every problem is a drop (a proxy never answers a
/// response): control characters or invalid UTF-8 in the header section, a repeated single-value
/// header, unusable Via/CSeq/From/To/Call-ID (RFC 4475 scalarlg), or a next hop that is a
/// broadcast address (RFC 4475 bcast).
/// </summary>
public static class SipResponseValidator
{
    public static SipParseError Validate(SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var s = response.Span;
        var error = HeaderBytes.Check(response);
        if (!error.IsError)
        {
            error = SingleValueHeaders.Check(response);
        }

        if (error.IsError)
        {
            return error;
        }

        if (!response.Has(KnownHeader.Via))
        {
            return new SipParseError(SipParseErrorKind.MissingVia, response.HeaderSectionEnd);
        }

        if (!response.Has(KnownHeader.CallId))
        {
            return new SipParseError(SipParseErrorKind.MissingCallId, response.HeaderSectionEnd);
        }

        if (!response.TryGetCSeq(out _))
        {
            return new SipParseError(SipParseErrorKind.BadCSeq, response.HeaderSectionEnd);
        }

        if (!response.TryGetFrom(out _))
        {
            return new SipParseError(SipParseErrorKind.BadFrom, response.HeaderSectionEnd);
        }

        if (!response.TryGetTo(out _))
        {
            return new SipParseError(SipParseErrorKind.BadTo, response.HeaderSectionEnd);
        }

        foreach (var v in response.GetValues(KnownHeader.Via))
        {
            if (!ViaValue.TryParse(s, v, out var via))
            {
                return new SipParseError(SipParseErrorKind.BadVia, v.Offset);
            }

            if (s.Slice(via.Host.Offset, via.Host.Length).SequenceEqual("255.255.255.255"u8) ||
                (via.HasReceived && s.Slice(via.Received.Offset, via.Received.Length).SequenceEqual("255.255.255.255"u8)))
            {
                return new SipParseError(SipParseErrorKind.ResponseToBroadcast, v.Offset);
            }
        }

        return SipParseError.None;
    }
}
