using System.Text;
using SipGuard.Proxy.Configuration;

namespace SipGuard.Proxy.Identity;

/// <summary>
/// The trust-boundary switches of one config, in wire-ready form: SipGuard's own header names (removed
/// from what callers send), the Server value of local replies, whether to strip equipment names.
/// Immutable; part of the proxy snapshot. Whether an upstream is trusted is its route's own flag.
/// </summary>
internal sealed class IdentitySettings
{
    private IdentitySettings(byte[] tagHeader, byte[]? serverHeader, bool stripUserAgent)
    {
        TagHeader = tagHeader;
        ServerHeader = serverHeader;
        StripUserAgent = stripUserAgent;
    }

    public static IdentitySettings Default { get; } = From(new ProxyConfig([], [], true, 1, TimeSpan.Zero, null, ProxyConfig.DefaultWarnAgent, [], LimitsConfig.Default));

    /// <summary><c>proxy.tag_header</c>: written by SipGuard on grey-listed calls, so never accepted from a caller.</summary>
    public byte[] TagHeader { get; }

    /// <summary><c>proxy.server_header</c>: the Server value on SipGuard's own replies; null = none.</summary>
    public byte[]? ServerHeader { get; }

    /// <summary><c>proxy.strip_user_agent</c>.</summary>
    public bool StripUserAgent { get; }

    public static IdentitySettings From(ProxyConfig config) => new(
        Encoding.ASCII.GetBytes(config.TagHeader),
        string.IsNullOrEmpty(config.ServerHeader) ? null : Encoding.ASCII.GetBytes(config.ServerHeader),
        config.StripUserAgent);
}
