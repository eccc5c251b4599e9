using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Validation;

/// <summary>
/// The checks a SIP element makes after parsing (RFC 3261 8.2, 16.3; RFC 4475 3.1.2, 3.3): the
/// first problem found comes back as an error value that <see cref="SipErrorReactions"/> maps to
/// the response (400 naming the problem, 416, 420, 483, ...). Immutable and thread-safe; the
/// proxy runs this same instance on every request before anything routes it.
/// </summary>
public sealed class SipRequestValidator
{
    private readonly byte[][] _supportedOptionTags;

    /// <param name="supportedOptionTags">Option tags this element supports (Proxy-Require / Require).</param>
    public SipRequestValidator(IEnumerable<string>? supportedOptionTags = null)
    {
        _supportedOptionTags = (supportedOptionTags ?? []).Select(t => System.Text.Encoding.ASCII.GetBytes(t)).ToArray();
    }

    public SipParseError Validate(SipMessage request, SipValidationRole role = SipValidationRole.Proxy)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            throw new ArgumentException("Not a request.", nameof(request));
        }

        var s = request.Span;
        var error = HeaderBytes.Check(request);
        if (!error.IsError)
        {
            error = CheckMandatory(request);
        }

        if (!error.IsError)
        {
            error = SingleValueHeaders.Check(request);
        }

        if (error.IsError)
        {
            return error;
        }

        if (!request.TryGetRequestUri(out var ruri))
        {
            return new SipParseError(SipParseErrorKind.BadRequestUri, request.RequestUriRange.Offset);
        }

        if (ruri.Scheme == SipUriScheme.Other)
        {
            return new SipParseError(SipParseErrorKind.UnsupportedUriScheme, request.RequestUriRange.Offset);
        }

        // Escaped headers in a Request-URI must never be forwarded or turned into headers (RFC 4475 escruri).
        if (ruri.HasHeaders)
        {
            return new SipParseError(SipParseErrorKind.RequestUriHeaders, ruri.Headers.Offset);
        }

        foreach (var v in request.GetValues(KnownHeader.Via))
        {
            if (!ViaValue.TryParse(s, v, out _))
            {
                return new SipParseError(SipParseErrorKind.BadVia, v.Offset);
            }
        }

        if (!request.TryGetFrom(out _))
        {
            return At(SipParseErrorKind.BadFrom, request, KnownHeader.From);
        }

        if (!request.TryGetTo(out var to))
        {
            return At(SipParseErrorKind.BadTo, request, KnownHeader.To);
        }

        var callId = request[request.CallId];
        if (callId.IsEmpty || callId.IndexOfAny(" \t\r\n"u8) >= 0)
        {
            return At(SipParseErrorKind.BadCallId, request, KnownHeader.CallId);
        }

        if (!request.TryGetCSeq(out var cseq))
        {
            return At(SipParseErrorKind.BadCSeq, request, KnownHeader.CSeq);
        }

        if (!s.Slice(cseq.MethodRange.Offset, cseq.MethodRange.Length).SequenceEqual(request.MethodBytes))
        {
            return new SipParseError(SipParseErrorKind.CSeqMethodMismatch, cseq.MethodRange.Offset);
        }

        var hasMaxForwards = request.Has(KnownHeader.MaxForwards);
        if (hasMaxForwards && !request.TryGetMaxForwards(out _))
        {
            return At(SipParseErrorKind.BadMaxForwards, request, KnownHeader.MaxForwards);
        }

        error = CheckNameAddrList(request, KnownHeader.Contact, SipParseErrorKind.BadContact, allowStar: true);
        if (!error.IsError)
        {
            error = CheckNameAddrList(request, KnownHeader.Route, SipParseErrorKind.BadRoute, allowStar: false);
        }

        if (!error.IsError)
        {
            error = CheckNameAddrList(request, KnownHeader.RecordRoute, SipParseErrorKind.BadRoute, allowStar: false);
        }

        if (error.IsError)
        {
            return error;
        }

        return role switch
        {
            SipValidationRole.Proxy => CheckProxy(request, hasMaxForwards),
            SipValidationRole.UserAgentServer => CheckUserAgentServer(request),
            _ => CheckRegistrar(request, to),
        };
    }

    private static SipParseError CheckMandatory(SipMessage request)
    {
        // RFC 3261 8.1.1: To, From, CSeq, Call-ID, Via; Max-Forwards is tolerated missing (RFC 2543 peers, inv2543).
        if (!request.Has(KnownHeader.Via))
        {
            return new SipParseError(SipParseErrorKind.MissingVia, request.HeaderSectionEnd);
        }

        if (!request.Has(KnownHeader.From))
        {
            return new SipParseError(SipParseErrorKind.MissingFrom, request.HeaderSectionEnd);
        }

        if (!request.Has(KnownHeader.To))
        {
            return new SipParseError(SipParseErrorKind.MissingTo, request.HeaderSectionEnd);
        }

        if (!request.Has(KnownHeader.CallId))
        {
            return new SipParseError(SipParseErrorKind.MissingCallId, request.HeaderSectionEnd);
        }

        if (!request.Has(KnownHeader.CSeq))
        {
            return new SipParseError(SipParseErrorKind.MissingCSeq, request.HeaderSectionEnd);
        }

        return SipParseError.None;
    }

    private SipParseError CheckProxy(SipMessage request, bool hasMaxForwards)
    {
        if (hasMaxForwards && request.TryGetMaxForwards(out var mf) && mf == 0)
        {
            return At(SipParseErrorKind.TooManyHops, request, KnownHeader.MaxForwards);
        }

        return CheckOptionTags(request, KnownHeader.ProxyRequire);
    }

    private SipParseError CheckUserAgentServer(SipMessage request)
    {
        if (request.Method == SipMethod.Extension)
        {
            return new SipParseError(SipParseErrorKind.MethodNotImplemented, 0);
        }

        if (request.Method == SipMethod.Register)
        {
            return new SipParseError(SipParseErrorKind.MethodNotAllowed, 0);
        }

        var error = CheckOptionTags(request, KnownHeader.Require);
        if (error.IsError)
        {
            return error;
        }

        var s = request.Span;
        if (request.Body.Length > 0)
        {
            if (!request.TryGetContentType(out var ct) || !ct.Is(s, "application"u8, "sdp"u8))
            {
                return At(SipParseErrorKind.UnsupportedMediaType, request, KnownHeader.ContentType);
            }

            // An Accept list that rules out SDP means no acceptable answer body can be sent (RFC 4475 sdp01).
            if (request.Has(KnownHeader.Accept) && !AcceptsSdp(request))
            {
                return At(SipParseErrorKind.NotAcceptable, request, KnownHeader.Accept);
            }
        }

        return SipParseError.None;
    }

    private static SipParseError CheckRegistrar(SipMessage request, NameAddr to)
    {
        if (request.Method == SipMethod.Register && !to.Uri.IsSipOrSips)
        {
            return At(SipParseErrorKind.BadAddressOfRecord, request, KnownHeader.To);
        }

        return SipParseError.None;
    }

    private static bool AcceptsSdp(SipMessage request)
    {
        var s = request.Span;
        foreach (var v in request.GetValues(KnownHeader.Accept))
        {
            if (v.IsEmpty)
            {
                continue;
            }

            if (ContentTypeValue.TryParse(s, v, out var media))
            {
                var type = s.Slice(media.Type.Offset, media.Type.Length);
                var sub = s.Slice(media.Subtype.Offset, media.Subtype.Length);
                if ((type.SequenceEqual("*"u8) || SipChars.EqualsIgnoreCase(type, "application"u8)) &&
                    (sub.SequenceEqual("*"u8) || SipChars.EqualsIgnoreCase(sub, "sdp"u8)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private SipParseError CheckOptionTags(SipMessage request, KnownHeader id)
    {
        var s = request.Span;
        foreach (var v in request.GetValues(id))
        {
            if (v.IsEmpty)
            {
                continue;
            }

            var tag = s.Slice(v.Offset, v.Length);
            var supported = false;
            foreach (var known in _supportedOptionTags)
            {
                if (SipChars.EqualsIgnoreCase(tag, known))
                {
                    supported = true;
                    break;
                }
            }

            if (!supported)
            {
                return new SipParseError(SipParseErrorKind.BadExtension, v.Offset);
            }
        }

        return SipParseError.None;
    }

    private static SipParseError CheckNameAddrList(SipMessage request, KnownHeader id, SipParseErrorKind kind, bool allowStar)
    {
        var s = request.Span;
        foreach (var v in request.GetValues(id))
        {
            if (allowStar && v.Length == 1 && s[v.Offset] == (byte)'*')
            {
                continue;
            }

            if (!NameAddr.TryParse(s, v, out _))
            {
                return new SipParseError(kind, v.Offset);
            }
        }

        return SipParseError.None;
    }

    private static SipParseError At(SipParseErrorKind kind, SipMessage m, KnownHeader id)
    {
        var i = m.IndexOf(id);
        return new SipParseError(kind, i < 0 ? m.HeaderSectionEnd : m.Headers[i].Value.Offset);
    }
}
