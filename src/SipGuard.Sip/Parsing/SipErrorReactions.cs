namespace SipGuard.Sip.Parsing;

/// <summary>
/// Maps an error kind to what a proxy answers (RFC 3261 and RFC 4475): 400 with a reason naming
/// the problem, 505 for the version, 416 for the Request-URI scheme, 483, 420, or a drop.
/// Any error in a response is a drop: a proxy never answers a response.
/// </summary>
public static class SipErrorReactions
{
    public static SipReaction For(SipParseError error, bool isRequest) => For(error.Kind, isRequest);

    public static SipReaction For(SipParseErrorKind kind, bool isRequest)
    {
        if (kind == SipParseErrorKind.None)
        {
            return new SipReaction(SipReactionAction.Process, 0, kind);
        }

        if (!isRequest || kind is SipParseErrorKind.EmptyMessage or SipParseErrorKind.ResponseToBroadcast)
        {
            return new SipReaction(SipReactionAction.Drop, 0, kind);
        }

        var status = kind switch
        {
            SipParseErrorKind.MessageTooLarge => 513,
            SipParseErrorKind.UnsupportedVersion => 505,
            SipParseErrorKind.UnsupportedUriScheme => 416,
            SipParseErrorKind.TooManyHops => 483,
            SipParseErrorKind.BadExtension => 420,
            SipParseErrorKind.LoopDetected => 482,
            SipParseErrorKind.MethodNotImplemented => 501,
            SipParseErrorKind.MethodNotAllowed => 405,
            SipParseErrorKind.UnsupportedMediaType => 415,
            SipParseErrorKind.NotAcceptable => 406,
            _ => 400,
        };
        return new SipReaction(SipReactionAction.Respond, status, kind);
    }

    /// <summary>Reason phrases name the problem so the peer's engineers can see what to fix.</summary>
    public static ReadOnlySpan<byte> ReasonPhrase(SipParseErrorKind kind) => kind switch
    {
        SipParseErrorKind.None => "OK"u8,
        SipParseErrorKind.EmptyMessage => "Empty Message"u8,
        SipParseErrorKind.MessageTooLarge => "Message Too Large"u8,
        SipParseErrorKind.TooManyHeaders => "Too Many Header Fields"u8,
        SipParseErrorKind.LineTooLong => "Header Line Too Long"u8,
        SipParseErrorKind.TooManyVias => "Too Many Via Values"u8,
        SipParseErrorKind.HeadersIncomplete => "Incomplete Header Section"u8,
        SipParseErrorKind.ContentLengthInvalid => "Bad Content-Length"u8,
        SipParseErrorKind.ContentLengthDuplicated => "Multiple Content-Length Values"u8,
        SipParseErrorKind.ContentLengthTooLarge => "Content-Length Larger Than Message"u8,
        SipParseErrorKind.ContentLengthMissing => "Missing Content-Length"u8,
        SipParseErrorKind.BadStartLine => "Bad Request Line"u8,
        SipParseErrorKind.BadMethod => "Bad Method"u8,
        SipParseErrorKind.BadRequestUri => "Bad Request-URI"u8,
        SipParseErrorKind.BadVersion => "Bad SIP Version"u8,
        SipParseErrorKind.UnsupportedVersion => "Version Not Supported"u8,
        SipParseErrorKind.BadStatusCode => "Bad Status Code"u8,
        SipParseErrorKind.BadHeaderLine => "Bad Header Line"u8,
        SipParseErrorKind.BadHeaderName => "Bad Header Name"u8,
        SipParseErrorKind.BadVia => "Bad Via"u8,
        SipParseErrorKind.BadFrom => "Bad From"u8,
        SipParseErrorKind.BadTo => "Bad To"u8,
        SipParseErrorKind.BadCallId => "Bad Call-ID"u8,
        SipParseErrorKind.BadCSeq => "Bad CSeq"u8,
        SipParseErrorKind.BadMaxForwards => "Bad Max-Forwards"u8,
        SipParseErrorKind.BadContact => "Bad Contact"u8,
        SipParseErrorKind.BadRoute => "Bad Route"u8,
        SipParseErrorKind.MissingVia => "Missing Via"u8,
        SipParseErrorKind.MissingFrom => "Missing From"u8,
        SipParseErrorKind.MissingTo => "Missing To"u8,
        SipParseErrorKind.MissingCallId => "Missing Call-ID"u8,
        SipParseErrorKind.MissingCSeq => "Missing CSeq"u8,
        SipParseErrorKind.DuplicateHeader => "Duplicate Single-Value Header"u8,
        SipParseErrorKind.CSeqMethodMismatch => "CSeq Method Mismatch"u8,
        SipParseErrorKind.UnsupportedUriScheme => "Unsupported URI Scheme"u8,
        SipParseErrorKind.RequestUriHeaders => "Headers In Request-URI"u8,
        SipParseErrorKind.TooManyHops => "Too Many Hops"u8,
        SipParseErrorKind.BadExtension => "Bad Extension"u8,
        SipParseErrorKind.ResponseToBroadcast => "Broadcast Via"u8,
        SipParseErrorKind.ControlCharacter => "Control Character In Header"u8,
        SipParseErrorKind.InvalidUtf8 => "Invalid UTF-8 In Header"u8,
        SipParseErrorKind.LoopDetected => "Loop Detected"u8,
        SipParseErrorKind.MethodNotImplemented => "Not Implemented"u8,
        SipParseErrorKind.MethodNotAllowed => "Method Not Allowed"u8,
        SipParseErrorKind.UnsupportedMediaType => "Unsupported Media Type"u8,
        SipParseErrorKind.NotAcceptable => "Not Acceptable"u8,
        SipParseErrorKind.BadAddressOfRecord => "Bad Address Of Record"u8,
        _ => "Bad Request"u8,
    };
}
