namespace SipGuard.Sip.Transports.Tcp;

/// <summary>What the framer found at the start of the stream buffer.</summary>
/// <param name="Length">Bytes to consume (message, ping or skip).</param>
/// <param name="HeaderLength">For a message or an error: bytes up to and including CRLFCRLF, when known.</param>
internal readonly record struct FrameResult(FrameKind Kind, int Length = 0, int HeaderLength = 0, StreamErrorKind Error = 0)
{
    public static FrameResult NeedMore => default;

    public static FrameResult Fail(StreamErrorKind error, int headerLength = 0) =>
        new(FrameKind.Error, 0, headerLength, error);
}
