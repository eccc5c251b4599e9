using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

internal sealed record ReportedStreamError(StreamErrorKind Kind, byte[] Head, long ConnectionId);
