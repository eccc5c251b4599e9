using System.Buffers.Text;
using SipGuard.Proxy.Core;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Redirect;

/// <summary>
/// The Contact of a redirect's 302: the called number (the Request-URI's user part, as received) at
/// the upstream target the breakers chose, its transport when not UDP, and the screening verdict as
/// the <c>sipguard-verdict</c> header parameter (<c>allow</c> or <c>tag</c>), e.g.
/// <c>&lt;sip:4008001234@10.0.0.5:5080;transport=tcp&gt;;sipguard-verdict=tag</c>.
/// The parameter sits outside the angle brackets, so an SBC that follows the URI does not send it on.
/// </summary>
internal static class RedirectContact
{
    /// <summary>Room for the brackets, an IPv6 host, the port, the transport and the verdict, plus the user part.</summary>
    public const int FixedCapacity = 128;

    public static ReadOnlySpan<byte> VerdictParameter => ";sipguard-verdict="u8;

    /// <summary>Writes the Contact value; 0 when <paramref name="destination"/> is too small (a user part longer than any number).</summary>
    public static int Write(SipMessage request, in OutboundTarget target, bool tagged, Span<byte> destination)
    {
        var user = request.TryGetRequestUri(out var uri) ? request[uri.User] : default;
        if (user.Length + FixedCapacity > destination.Length)
        {
            return 0;
        }

        var w = 0;
        Append("<sip:"u8, destination, ref w);
        if (!user.IsEmpty)
        {
            Append(user, destination, ref w);
            destination[w++] = (byte)'@';
        }

        var remote = target.Remote;
        if (!remote.IsIPv4)
        {
            destination[w++] = (byte)'[';
        }

        w += ViaStamp.FormatAddress(remote, destination[w..]);
        if (!remote.IsIPv4)
        {
            destination[w++] = (byte)']';
        }

        destination[w++] = (byte)':';
        Utf8Formatter.TryFormat(remote.Port, destination[w..], out var digits);
        w += digits;
        if (target.Transport == SipTransportKind.Tcp)
        {
            Append(";transport=tcp"u8, destination, ref w);
        }

        destination[w++] = (byte)'>';
        Append(VerdictParameter, destination, ref w);
        Append(tagged ? "tag"u8 : "allow"u8, destination, ref w);
        return w;
    }

    private static void Append(ReadOnlySpan<byte> text, Span<byte> destination, ref int w)
    {
        text.CopyTo(destination[w..]);
        w += text.Length;
    }
}
