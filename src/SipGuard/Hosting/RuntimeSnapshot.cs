using SipGuard.Configuration;

namespace SipGuard.Hosting;

/// <summary>
/// SEAM: everything a request needs, compiled from one config and swapped whole on reload. Today it only carries
/// the validated config; the lead adds the compiled parts (e.g. <c>PolicySnapshot Policy</c>, the proxy's
/// routing snapshot) when wiring <see cref="HostSeams.Compiler"/>.
/// </summary>
public sealed record RuntimeSnapshot(SipGuardConfig Config);
