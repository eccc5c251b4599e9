namespace SipGuard.Proxy.Security;

/// <summary>What a request's source is to SipGuard.</summary>
internal enum PeerKind : byte
{
    /// <summary>In no trunk and no upstream: every request is refused with 403 and costs nothing lasting.</summary>
    Stranger = 0,
    Trunk = 1,
    Upstream = 2,
}
