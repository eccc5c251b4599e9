using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>Waits on SIP datagrams a host test sends or expects, bounded so a missing answer fails the test.</summary>
internal static class SipWire
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static async Task<UdpReceiveResult> ReceiveAsync(UdpClient socket)
    {
        using var timeout = new CancellationTokenSource(Bound);
        return await socket.ReceiveAsync(timeout.Token);
    }

    /// <summary>
    /// The first final response of the call <paramref name="callId"/>, skipping provisionals and other
    /// calls' messages (a refused INVITE's final response is retransmitted until an ACK these tests do not
    /// always send, so a copy can arrive while a test waits for something else).
    /// </summary>
    public static async Task<string> FinalResponseAsync(UdpClient peer, string callId)
    {
        using var timeout = new CancellationTokenSource(Bound);
        return await FinalResponseAsync(peer, callId, timeout.Token);
    }

    /// <inheritdoc cref="FinalResponseAsync(UdpClient, string)"/>
    public static async Task<string> FinalResponseAsync(UdpClient peer, string callId, CancellationToken cancel)
    {
        while (true)
        {
            var text = Encoding.ASCII.GetString((await peer.ReceiveAsync(cancel)).Buffer);
            if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal) && text.Contains($"\r\nCall-ID: {callId}\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }
}
