namespace SipGuard.Sip.Transports;

/// <summary>Why a stream connection is being closed for bad framing (RFC 3261 §18.3).</summary>
public enum StreamErrorKind : byte
{
    /// <summary>Headers or headers + body longer than the message size limit.</summary>
    MessageTooLarge = 1,
    /// <summary>Content-Length not a non-negative decimal number, or two that disagree.</summary>
    BadContentLength,
    /// <summary>A message on a stream must carry Content-Length.</summary>
    MissingContentLength,
    /// <summary>Bytes that cannot start a message (e.g. a CR not followed by LF).</summary>
    Malformed,
}
