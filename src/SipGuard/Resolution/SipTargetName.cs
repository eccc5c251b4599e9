using System.Net;
using SipGuard.Proxy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Resolution;

/// <summary>
/// An upstream target written as a DNS name, with what RFC 3263 §4 decides by: whether the URI named a
/// port (then only A/AAAA is asked) and whether it named a transport (then NAPTR is skipped).
/// </summary>
internal sealed record SipTargetName(string Uri, string Host, SipTransportKind Transport, int Port, bool HasPort, bool HasTransport)
{
    /// <summary>The target's name, or null when the host is an IP literal (nothing to resolve).</summary>
    public static SipTargetName? From(UpstreamTargetConfig target)
    {
        if (IPAddress.TryParse(target.Host, out _))
        {
            return null;
        }

        // The loader has checked the URI: scheme, then host[:port], then ;parameters. A name holds no ':'.
        var body = target.Uri[(target.Uri.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var semicolon = body.IndexOf(';', StringComparison.Ordinal);
        var hostPort = semicolon < 0 ? body : body[..semicolon];
        var hasTransport = semicolon >= 0 && body[semicolon..].Contains(";transport=", StringComparison.OrdinalIgnoreCase);
        return new SipTargetName(target.Uri, target.Host, target.Transport, target.Port, hostPort.Contains(':', StringComparison.Ordinal), hasTransport);
    }

    /// <summary>Every name among the config's upstream targets, by URI.</summary>
    public static IReadOnlyDictionary<string, SipTargetName> All(ProxyConfig config)
    {
        var names = new Dictionary<string, SipTargetName>(StringComparer.Ordinal);
        foreach (var target in config.Upstreams.SelectMany(u => u.Targets))
        {
            if (From(target) is { } name)
            {
                names[name.Uri] = name;
            }
        }

        return names;
    }
}
