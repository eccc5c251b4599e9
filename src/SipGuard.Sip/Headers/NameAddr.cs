using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Headers;

/// <summary>
/// A name-addr or addr-spec value (From, To, Contact, Route, P-Asserted-Identity, Remote-Party-ID).
/// <see cref="DisplayName"/> keeps the quotes of a quoted name (unquote with <see cref="UnquoteDisplayName"/>).
/// <see cref="Parameters"/> are the header parameters after the URI (for a bare addr-spec they
/// start at the first ';', so contact-params and url-params stay apart, RFC 4475 cparam01/02).
/// </summary>
public readonly struct NameAddr
{
    public ByteRange Whole { get; init; }

    public ByteRange DisplayName { get; init; }

    public bool IsDisplayNameQuoted { get; init; }

    public bool HasAngleBrackets { get; init; }

    public SipUri Uri { get; init; }

    public ByteRange Parameters { get; init; }

    public ByteRange Tag { get; init; }

    public bool HasTag { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> message, ByteRange value, out NameAddr nameAddr) =>
        NameAddrParser.TryParse(message, value, out nameAddr);

    public bool TryGetParameter(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name, out ByteRange value) =>
        SipParameters.TryFind(message, Parameters, name, out value);

    /// <summary>Writes the display name without quotes and escapes; returns the length, or -1 if the destination is too short.</summary>
    public int UnquoteDisplayName(ReadOnlySpan<byte> message, Span<byte> destination) =>
        QuotedString.Unquote(message.Slice(DisplayName.Offset, DisplayName.Length), destination);
}
