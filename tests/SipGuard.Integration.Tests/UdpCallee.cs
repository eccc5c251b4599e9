using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// An upstream target on a loopback UDP port: it answers every INVITE with <see cref="Status"/> and
/// counts the INVITEs it got, so a test sees which target a call went to.
/// </summary>
internal sealed class UdpCallee : IDisposable
{
    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _invites;

    public UdpCallee(int port, int status)
    {
        Status = status;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The final status every INVITE gets (486 by default: relayed to the caller, and no failover code).</summary>
    public int Status { get; set; }

    public int Invites => Volatile.Read(ref _invites);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the socket closed under the receive
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var request = Encoding.ASCII.GetString(datagram.Buffer);
            if (!request.StartsWith("INVITE ", StringComparison.Ordinal))
            {
                continue; // the proxy's ACK for our non-2xx final
            }

            Interlocked.Increment(ref _invites);
            await _socket.SendAsync(Encoding.ASCII.GetBytes(Answer(request, Status)), datagram.RemoteEndPoint);
        }
    }

    private static string Answer(string request, int status)
    {
        var reply = new StringBuilder($"SIP/2.0 {status} {(status == 503 ? "Service Unavailable" : "Busy Here")}\r\n");
        foreach (var line in request.Split("\r\n"))
        {
            if (line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("From:", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
            {
                reply.Append(line).Append("\r\n");
            }
            else if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase))
            {
                reply.Append(line).Append(";tag=callee\r\n");
            }
        }

        return reply.Append("Content-Length: 0\r\n\r\n").ToString();
    }
}
