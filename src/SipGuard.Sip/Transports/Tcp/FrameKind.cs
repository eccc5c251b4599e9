namespace SipGuard.Sip.Transports.Tcp;

internal enum FrameKind : byte
{
    /// <summary>Not enough bytes yet to decide.</summary>
    NeedMore = 0,
    /// <summary>A whole message of <see cref="FrameResult.Length"/> bytes.</summary>
    Message,
    /// <summary>RFC 5626 keep-alive ping (CRLFCRLF): consume and answer with one CRLF.</summary>
    Ping,
    /// <summary>Stray line ends between messages: consume and ignore.</summary>
    Skip,
    /// <summary>Framing is broken (<see cref="FrameResult.Error"/>): tell the handler and close.</summary>
    Error,
}
