namespace SipGuard.Sip.Messages;

/// <summary>
/// One header field as found in the buffer. <see cref="Value"/> is trimmed of surrounding
/// whitespace but may span folded lines; <see cref="Line"/> covers the whole field including
/// its continuation lines and the final line terminator, which is what an editor removes.
/// </summary>
public readonly record struct SipHeader(KnownHeader Id, ByteRange Name, ByteRange Value, ByteRange Line);
