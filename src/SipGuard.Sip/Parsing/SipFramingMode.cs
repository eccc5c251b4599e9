namespace SipGuard.Sip.Parsing;

/// <summary>How the bytes arrived, which decides what a missing Content-Length means (RFC 3261 18.3).</summary>
public enum SipFramingMode : byte
{
    /// <summary>One UDP datagram: no Content-Length means the body is the rest of the datagram.</summary>
    Datagram = 0,

    /// <summary>One message framed from a stream: Content-Length is mandatory.</summary>
    Stream,
}
