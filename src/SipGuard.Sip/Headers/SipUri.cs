using SipGuard.Sip.Messages;

namespace SipGuard.Sip.Headers;

/// <summary>
/// A view of a SIP, SIPS or tel URI as ranges into the message. <see cref="User"/> and
/// <see cref="Password"/> are still escaped (use <see cref="SipEscaping.Unescape"/>); the host of an
/// IPv6 reference excludes the brackets. For a tel URI the number is in <see cref="User"/>.
/// Other schemes only fill <see cref="Whole"/> and <see cref="SchemeRange"/>.
/// </summary>
public readonly struct SipUri
{
    public SipUriScheme Scheme { get; init; }

    public ByteRange Whole { get; init; }

    public ByteRange SchemeRange { get; init; }

    public ByteRange User { get; init; }

    public ByteRange Password { get; init; }

    public bool HasUserInfo { get; init; }

    public ByteRange Host { get; init; }

    public bool IsIPv6Reference { get; init; }

    /// <summary>The port, or -1 when the URI has none.</summary>
    public int Port { get; init; }

    /// <summary>URI parameters including the leading ';', empty when there are none.</summary>
    public ByteRange Parameters { get; init; }

    /// <summary>The headers part after '?', without the '?', empty when there is none.</summary>
    public ByteRange Headers { get; init; }

    public bool HasHeaders { get; init; }

    public bool IsSipOrSips => Scheme is SipUriScheme.Sip or SipUriScheme.Sips;

    public static bool TryParse(ReadOnlySpan<byte> message, ByteRange range, out SipUri uri) =>
        SipUriParser.TryParse(message, range, out uri);

    /// <summary>Finds a URI parameter by name (case-insensitive).</summary>
    public bool TryGetParameter(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name, out ByteRange value) =>
        SipParameters.TryFind(message, Parameters, name, out value);
}
