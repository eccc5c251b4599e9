using YamlDotNet.RepresentationModel;

namespace SipGuard.Policy.Yaml;

/// <summary>
/// Checks at load the config strings SipGuard writes into SIP messages, so a value that would make a
/// header too long or break the message (a CR, LF or other control byte, a quote in a token) is a
/// located config error, not a failure on every reply. Also the refusals of what is not built yet.
/// </summary>
internal static class WireStrings
{
    /// <summary>Longest <c>proxy.warn_agent</c>: the Warning line of a local reply is built in a fixed buffer.</summary>
    public const int MaxWarnAgent = 64;

    /// <summary>Longest <c>proxy.tag_header</c> name.</summary>
    public const int MaxHeaderName = 64;

    /// <summary>Longest <c>proxy.server_header</c> value.</summary>
    public const int MaxServerHeader = 128;

    /// <summary>Longest grey-list <c>tag</c> label, in characters (the forward stage writes at most this many).</summary>
    public const int MaxTagLabel = 40;

    public const string InboundTlsNotImplemented =
        "TLS towards a trunk is not implemented: SipGuard has no CA to verify a trunk's server certificate with; use sip: with udp or tcp (in-dialog requests still reach a TLS trunk on its own connection)";

    /// <summary>A token (RFC 3261 §25.1) or host: visible ASCII without blanks, quotes or separators that end it.</summary>
    public static void Token(ConfigReader r, YamlNode? node, string path, string value, int maxLength)
    {
        if (node is null)
        {
            return;
        }

        if (value.Length == 0 || value.Length > maxLength)
        {
            r.Error(node, path, $"must be 1 to {maxLength} characters long (it is {value.Length})");
        }
        else if (value.Any(c => c <= ' ' || c >= 0x7F || c is '"' or ',' or ';' or '<' or '>'))
        {
            r.Error(node, path, $"'{Printable(value)}' is not a host name or token (visible ASCII, no spaces, quotes, ',', ';', '<', '>')");
        }
    }

    /// <summary>Header value text: printable (UTF-8 allowed), no control bytes, within <paramref name="maxLength"/> characters.</summary>
    public static void Text(ConfigReader r, YamlNode? node, string path, string value, int maxLength)
    {
        if (node is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            r.Error(node, path, $"must be at most {maxLength} characters long (it is {value.Length})");
        }
        else if (value.Any(char.IsControl))
        {
            r.Error(node, path, $"'{Printable(value)}' contains a control character (CR, LF, tab, NUL…), which cannot go in a SIP header");
        }
    }

    private static string Printable(string value) =>
        string.Concat(value.Take(80).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
