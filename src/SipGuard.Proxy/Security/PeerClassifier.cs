using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>Classifies a source against the running config: an upstream's target, a trunk's source, or a stranger.</summary>
internal static class PeerClassifier
{
    public static PeerKind Classify(ProxySnapshot snapshot, in OutboundTarget source)
    {
        if (snapshot.UpstreamAt(source.Remote, source.Transport) is not null)
        {
            return PeerKind.Upstream;
        }

        return snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(source.Remote)) is null ? PeerKind.Stranger : PeerKind.Trunk;
    }
}
