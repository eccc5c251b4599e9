using SipGuard.Proxy.Routing;

namespace SipGuard.Resolution;

/// <summary>What one lookup of a name gave: the addresses, how long they may be kept, and the records followed.</summary>
/// <param name="Ttl">The smallest TTL of the records the answer was built from.</param>
/// <param name="Path">The record types followed, for the log (e.g. "NAPTR, SRV, A").</param>
internal sealed record NameAnswer(IReadOnlyList<ResolvedTarget> Targets, TimeSpan Ttl, string Path);
