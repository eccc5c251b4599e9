namespace SipGuard.Sip.Parsing;

/// <summary>
/// What is wrong with a message. Syntax errors come from <see cref="SipParser"/>; the semantic
/// ones (missing headers, ranges, mismatches) from the validators, so one mapping to a response
/// (<see cref="SipErrorReactions"/>) serves both.
/// </summary>
public enum SipParseErrorKind : byte
{
    None = 0,

    // framing and limits
    EmptyMessage,
    MessageTooLarge,
    TooManyHeaders,
    LineTooLong,
    TooManyVias,
    HeadersIncomplete,
    ContentLengthInvalid,
    ContentLengthDuplicated,
    ContentLengthTooLarge,
    ContentLengthMissing,

    // syntax
    BadStartLine,
    BadMethod,
    BadRequestUri,
    BadVersion,
    UnsupportedVersion,
    BadStatusCode,
    BadHeaderLine,
    BadHeaderName,

    // header values (validators)
    BadVia,
    BadFrom,
    BadTo,
    BadCallId,
    BadCSeq,
    BadMaxForwards,
    BadContact,
    BadRoute,
    MissingVia,
    MissingFrom,
    MissingTo,
    MissingCallId,
    MissingCSeq,
    DuplicateHeader,
    CSeqMethodMismatch,
    UnsupportedUriScheme,
    RequestUriHeaders,
    TooManyHops,
    BadExtension,
    ResponseToBroadcast,
    ControlCharacter,
    InvalidUtf8,

    // a proxy's own check (RFC 3261 §16.3 step 4): the request already passed through this element
    LoopDetected,

    // user-agent-server answers (only when a validator runs for a UAS or registrar role)
    MethodNotImplemented,
    MethodNotAllowed,
    UnsupportedMediaType,
    NotAcceptable,
    BadAddressOfRecord,
}
