using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>
/// Where a response may come from: the transport and address the request was sent to, and over
/// TCP, when the request went down a given connection, that connection. The port is not compared
/// over UDP: RFC 3261 §18.2.2 lets a UAS answer from another port of its host, and the keyed
/// branch already proves the response answers our request.
/// </summary>
internal static class ResponseOrigin
{
    public static bool IsExpected(in OutboundTarget sentTo, in OutboundTarget receivedFrom)
    {
        if (sentTo.Transport != receivedFrom.Transport)
        {
            return false;
        }

        if (sentTo.ConnectionId != 0)
        {
            return sentTo.ConnectionId == receivedFrom.ConnectionId;
        }

        return sentTo.Remote.WithPort(0) == receivedFrom.Remote.WithPort(0);
    }
}
