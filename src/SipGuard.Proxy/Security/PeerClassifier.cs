using SipGuard.Policy;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>
/// Classifies a source against the running config: an upstream's target, a trunk's source, or a
/// stranger. A trunk with <c>tls_names</c> claims a source only when the message came with a
/// verified TLS client certificate carrying one of them; from anyone else it is a stranger's.
/// </summary>
internal static class PeerClassifier
{
    /// <param name="trunk">The trunk when the source is one; null otherwise.</param>
    public static PeerKind Classify(ProxySnapshot snapshot, in MessageSource source, out TrunkSnapshot? trunk)
    {
        trunk = null;
        var from = source.Target;
        if (snapshot.UpstreamAt(from.Remote, from.Transport) is not null)
        {
            return PeerKind.Upstream;
        }

        trunk = snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(from.Remote));
        if (trunk is not null && !snapshot.TrunkTlsNames.Admits(trunk, source.PeerNames))
        {
            trunk = null;
        }

        return trunk is null ? PeerKind.Stranger : PeerKind.Trunk;
    }
}
