using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Where a message came from: the reply target (RFC 3581: the packet's source) and the listener,
/// whether its receive queue is backed up, and over TLS the names of the peer's verified certificate.
/// </summary>
internal readonly record struct MessageSource(OutboundTarget Target, SipEndpoint Local, bool Backlogged, string[]? PeerNames = null);
