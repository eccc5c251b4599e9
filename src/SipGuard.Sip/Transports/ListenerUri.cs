using System.Globalization;
using System.Net;

namespace SipGuard.Sip.Transports;

/// <summary>
/// One entry of the config's <c>listen:</c> list, e.g. <c>udp://127.0.0.1:5060</c> or
/// <c>tcp://[::1]:5060</c> or <c>tls://127.0.0.1:5061</c>. Port 0 asks the OS for an ephemeral port; a missing port means 5060 (5061 for TLS).
/// Host names are refused: a listener binds an address, and resolving at start-up hides mistakes.
/// </summary>
public readonly record struct ListenerUri(SipTransportKind Transport, IPAddress Address, int Port)
{
    public const int DefaultPort = 5060;

    public const int DefaultTlsPort = 5061;

    /// <summary>Parses one listener; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out ListenerUri uri, out string? error)
    {
        uri = default;
        var s = (text ?? string.Empty).AsSpan().Trim();
        SipTransportKind kind;
        if (s.StartsWith("udp://", StringComparison.OrdinalIgnoreCase))
        {
            kind = SipTransportKind.Udp;
        }
        else if (s.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            kind = SipTransportKind.Tcp;
        }
        else if (s.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            kind = SipTransportKind.Tls;
        }
        else
        {
            error = $"'{text}': expected 'udp://', 'tcp://' or 'tls://' followed by address:port";
            return false;
        }

        s = s[6..];
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText = default;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            if (close < 0)
            {
                error = $"'{text}': expected ']' closing the IPv6 address";
                return false;
            }

            host = s[1..close];
            var rest = s[(close + 1)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    error = $"'{text}': expected ':port' after the IPv6 address";
                    return false;
                }

                portText = rest[1..];
            }
        }
        else
        {
            var colon = s.IndexOf(':');
            host = colon < 0 ? s : s[..colon];
            if (colon >= 0)
            {
                portText = s[(colon + 1)..];
            }
        }

        if (!IPAddress.TryParse(host, out var address) || host.IsEmpty)
        {
            error = $"'{text}': expected an IP address (IPv6 in brackets), found '{host}'";
            return false;
        }

        var port = kind == SipTransportKind.Tls ? DefaultTlsPort : DefaultPort;
        if (!portText.IsEmpty || (s.Length > 0 && s[^1] == ':'))
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                error = $"'{text}': expected a port 0..65535, found '{portText}'";
                return false;
            }
        }

        uri = new ListenerUri(kind, address, port);
        error = null;
        return true;
    }

    public IPEndPoint ToIPEndPoint() => new(Address, Port);

    public override string ToString() =>
        Transport switch { SipTransportKind.Udp => "udp://", SipTransportKind.Tls => "tls://", _ => "tcp://" } + new IPEndPoint(Address, Port);
}
