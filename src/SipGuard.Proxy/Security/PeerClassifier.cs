using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>Classifies a source against the running config: an upstream's target, a trunk's source, or a stranger.</summary>
internal static class PeerClassifier
{
    /// <param name="trunk">The trunk when the source is one; null otherwise.</param>
    public static PeerKind Classify(ProxySnapshot snapshot, in OutboundTarget source, out TrunkSnapshot? trunk)
    {
        trunk = null;
        if (snapshot.UpstreamAt(source.Remote, source.Transport) is not null)
        {
            return PeerKind.Upstream;
        }

        trunk = snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(source.Remote));
        return trunk is null ? PeerKind.Stranger : PeerKind.Trunk;
    }
}
