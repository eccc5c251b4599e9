using System.Net;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>Turns a Route or Request-URI into a send target: IP-literal hosts only (no DNS on the call path).</summary>
internal static class NextHop
{
    public static bool TryResolve(SipMessage message, in SipUri uri, out OutboundTarget target)
    {
        target = default;
        if (!uri.IsSipOrSips || uri.Scheme == SipUriScheme.Sips)
        {
            return false;
        }

        var host = message[uri.Host];
        if (host.Length > 2 && host[0] == (byte)'[')
        {
            host = host[1..^1];
        }

        var port = uri.Port > 0 ? uri.Port : 5060;
        if (!SipEndpoint.TryParseIPv4(host, port, out var endpoint))
        {
            if (!IPAddress.TryParse(host, out var address))
            {
                return false;
            }

            endpoint = SipEndpoint.FromIPEndPoint(new IPEndPoint(address, port));
        }

        var transport = SipTransportKind.Udp;
        if (uri.TryGetParameter(message.Span, "transport"u8, out var value))
        {
            if (System.Text.Ascii.EqualsIgnoreCase(message[value], "tcp"u8))
            {
                transport = SipTransportKind.Tcp;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(message[value], "tls"u8))
            {
                transport = SipTransportKind.Tls;
            }
        }

        target = new OutboundTarget(transport, endpoint);
        return true;
    }
}
