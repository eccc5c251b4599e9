using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

/// <summary>A copy of what the handler was lent, kept after the callback returned.</summary>
internal sealed record ReceivedPacket(byte[] Data, SipEndpoint Remote, SipEndpoint Local, int ListenerId, SipTransportKind Transport, long ConnectionId)
{
    public string Text => System.Text.Encoding.ASCII.GetString(Data);
}
