using SipGuard.Sip.Transports;
using System.Globalization;
using System.Net;
using SipGuard.Proxy.Configuration;

namespace SipGuard.Configuration;

/// <summary>The address forms the config accepts: listen URIs, upstream SIP URIs and the admin URL. Each parser
/// returns an operator-facing reason instead of throwing.</summary>
internal static class EndpointSyntax
{
    /// <summary><c>udp://127.0.0.1:5060</c>, <c>tcp://[::1]:5060</c>, <c>tls://0.0.0.0:5061</c>.</summary>
    public static bool TryParseListen(string text, out ListenerConfig? listener, out string error)
    {
        listener = null;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            error = $"'{text}' is not a listen URI; write transport://address:port, e.g. udp://127.0.0.1:5060";
            return false;
        }

        SipTransportKind? transport = text[..schemeEnd].ToLowerInvariant() switch
        {
            "udp" => SipTransportKind.Udp,
            "tcp" => SipTransportKind.Tcp,
            "tls" => SipTransportKind.Tls,
            _ => null,
        };
        if (transport is null)
        {
            error = $"'{text}': unknown transport '{text[..schemeEnd]}'; expected udp, tcp or tls";
            return false;
        }

        var defaultPort = transport == SipTransportKind.Tls ? 5061 : 5060;
        if (!TrySplitHostPort(text[(schemeEnd + 3)..], defaultPort, out var host, out var port, out error))
        {
            error = $"'{text}': {error}";
            return false;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{text}': '{host}' is not an IP address; listeners bind to a literal address (0.0.0.0 for all)";
            return false;
        }

        listener = new ListenerConfig(transport.Value, address, port, text);
        return true;
    }

    /// <summary><c>sip:127.0.0.1:5080</c>, <c>sip:cc.example.net;transport=tcp</c>, <c>sips:[::1]:5061</c>.</summary>
    public static bool TryParseSipTarget(string text, out SipTransportKind transport, out string host, out int port, out string error)
    {
        transport = SipTransportKind.Udp;
        host = "";
        port = 0;
        int rest;
        if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Tls;
            rest = 5;
        }
        else if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            rest = 4;
        }
        else
        {
            error = $"'{text}' is not a SIP URI; write sip:address:port, e.g. sip:127.0.0.1:5080";
            return false;
        }

        var body = text[rest..];
        var paramStart = body.IndexOf(';');
        var hostPort = paramStart < 0 ? body : body[..paramStart];
        if (hostPort.Contains('@'))
        {
            error = $"'{text}': a next hop has no user part; write sip:address:port";
            return false;
        }

        if (paramStart >= 0)
        {
            foreach (var parameter in body[(paramStart + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = parameter.IndexOf('=');
                var name = eq < 0 ? parameter : parameter[..eq];
                var value = eq < 0 ? "" : parameter[(eq + 1)..];
                if (!name.Equals("transport", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // lr and the like change nothing for a next hop
                }

                SipTransportKind? named = value.ToLowerInvariant() switch
                {
                    "udp" => SipTransportKind.Udp,
                    "tcp" => SipTransportKind.Tcp,
                    "tls" => SipTransportKind.Tls,
                    _ => null,
                };
                if (named is null)
                {
                    error = $"'{text}': unknown transport '{value}'; expected udp, tcp or tls";
                    return false;
                }

                transport = named.Value;
            }
        }

        var defaultPort = transport == SipTransportKind.Tls ? 5061 : 5060;
        if (!TrySplitHostPort(hostPort, defaultPort, out host, out port, out error))
        {
            error = $"'{text}': {error}";
            return false;
        }

        if (!IPAddress.TryParse(host, out _) && !IsHostName(host))
        {
            error = $"'{text}': '{host}' is neither an IP address nor a host name";
            return false;
        }

        return true;
    }

    /// <summary><c>http://127.0.0.1:9090</c>; the port must be written (there is no natural default for an admin port).</summary>
    public static bool TryParseAdmin(string text, out Uri? uri, out string error)
    {
        uri = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            error = $"'{text}' is not an http URL; write e.g. http://127.0.0.1:9090 (or off)";
            return false;
        }

        var authority = text[(parsed.Scheme.Length + 3)..];
        var slash = authority.IndexOf('/');
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        if (!TrySplitHostPort(authority, 0, out _, out var port, out error) || port == 0)
        {
            error = $"'{text}': write the port, e.g. http://127.0.0.1:9090";
            return false;
        }

        uri = new Uri($"{parsed.Scheme}://{parsed.Authority}/");
        error = "";
        return true;
    }

    private static bool TrySplitHostPort(string text, int defaultPort, out string host, out int port, out string error)
    {
        host = text;
        port = defaultPort;
        error = "";
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = "unclosed '[' around an IPv6 address";
                return false;
            }

            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    error = $"unexpected '{after}' after the address";
                    return false;
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                if (text.IndexOf(':') != colon)
                {
                    error = "put an IPv6 address in brackets, e.g. [::1]:5060";
                    return false;
                }

                host = text[..colon];
                portText = text[(colon + 1)..];
            }
        }

        if (host.Length == 0)
        {
            error = "the address is missing";
            return false;
        }

        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"'{portText}' is not a port (1..65535)";
            return false;
        }

        return true;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length > 253 || host.StartsWith('.') || host.EndsWith('.') || host.StartsWith('-'))
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
