using System.Buffers;
using System.Text;
using System.Text.Unicode;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Validation;

/// <summary>
/// The byte-level rule for a header section (RFC 3261 §25.1): header text is UTF-8 (TEXT-UTF8,
/// quoted strings) and carries no control characters but HT and the CR LF that end lines. A NUL
/// or a stray byte in a From or a Call-ID means one element reads a different value than the
/// next, so the message is refused rather than passed on. The body is not judged here.
/// </summary>
public static class HeaderBytes
{
    private static readonly SearchValues<byte> Forbidden = SearchValues.Create(
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F,
    ]);

    public static SipParseError Check(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var head = message.Span[..Math.Min(message.HeaderSectionEnd, message.Length)];
        for (var at = 0; at < head.Length;)
        {
            var next = head[at..].IndexOfAny(Forbidden);
            if (next < 0)
            {
                break;
            }

            at += next;
            if (!IsQuotedPair(head, at))
            {
                return new SipParseError(SipParseErrorKind.ControlCharacter, at);
            }

            at++;
        }

        if (!Utf8.IsValid(head))
        {
            // the rare path: find where, so the answer can name the header
            var at = 0;
            while (at < head.Length && Rune.DecodeFromUtf8(head[at..], out _, out var consumed) == OperationStatus.Done)
            {
                at += consumed;
            }

            return new SipParseError(SipParseErrorKind.InvalidUtf8, at);
        }

        return SipParseError.None;
    }

    /// <summary>
    /// A control byte escaped inside a quoted string (quoted-pair, RFC 3261 §25.1; RFC 4475 intmeth
    /// carries NUL, BEL and DEL that way in a display name) is text, not a control character.
    /// </summary>
    private static bool IsQuotedPair(ReadOnlySpan<byte> head, int at)
    {
        if (at == 0 || head[at - 1] != (byte)'\\')
        {
            return false;
        }

        var quoted = false;
        for (var i = head[..at].LastIndexOf((byte)'\n') + 1; i < at; i++)
        {
            var b = head[i];
            if (quoted && b == (byte)'\\')
            {
                if (i + 1 == at)
                {
                    return true;
                }

                i++;
            }
            else if (b == (byte)'"')
            {
                quoted = !quoted;
            }
        }

        return false;
    }
}
