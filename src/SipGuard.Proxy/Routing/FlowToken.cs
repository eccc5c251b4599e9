using System.Buffers.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// The TCP connection a dialog's caller uses, carried in our Record-Route as <c>;sgf=&lt;id&gt;</c>
/// (the idea of RFC 5626 flow tokens): requests towards the caller go back down that connection,
/// since a TCP caller's Contact port usually does not listen.
/// </summary>
internal static class FlowToken
{
    public static ReadOnlySpan<byte> Parameter => ";sgf="u8;

    public static bool TryRead(SipMessage message, in SipUri uri, out long connectionId)
    {
        connectionId = 0;
        return uri.TryGetParameter(message.Span, "sgf"u8, out var value) &&
               Utf8Parser.TryParse(message[value], out connectionId, out var used) &&
               used == value.Length && connectionId > 0;
    }
}
