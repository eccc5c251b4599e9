using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>Where a message came from: the reply target (RFC 3581: the packet's source) and the listener, and whether its receive queue is backed up.</summary>
internal readonly record struct MessageSource(OutboundTarget Target, SipEndpoint Local, bool Backlogged);
