using SipGuard.Configuration;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;

namespace SipGuard.Hosting;

/// <summary>One compiled config: what the proxy serves calls with, swapped whole on reload.</summary>
/// <param name="Lists">The loaded number lists, handed to the next compile so unchanged files are not read again.</param>
public sealed record RuntimeSnapshot(SipGuardConfig Config, ProxySnapshot Proxy, ListCache Lists)
{
    /// <summary>The config version (<see cref="ConfigVersion"/>): equal on nodes that serve the same policy and lists.</summary>
    public string Version { get; init; } = "";
}
