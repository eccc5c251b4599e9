using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SipGuard.Sip.Transports.Udp;

/// <summary>
/// One receive loop: its own socket (with SO_REUSEPORT) or a shared one, its own buffer and its own
/// reused <see cref="SocketAddress"/>, so a receive allocates nothing. The handler runs inline on
/// this loop; the buffer is reused as soon as it returns.
/// </summary>
internal sealed class UdpReceiveLoop(UdpTransport owner, Socket socket, int index)
{
    // How often the loop looks at its queue: the probe itself reads the kernel's figure at most
    // every 50 ms, so this only keeps the clock read off most datagrams.
    private const int BacklogCheckEvery = 64;

    private readonly UdpQueueProbe _queue = new(socket);

    private long _packets;

    public int Index { get; } = index;

    public Socket Socket { get; } = socket;

    /// <summary>Datagrams this loop handed to the handler (tests check the kernel spread them).</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>
    /// Receives on a dedicated thread with a blocking <c>recvfrom</c>, as Kamailio's UDP workers do:
    /// one kernel wake-up per datagram and the handler runs right there, with no epoll thread and
    /// no thread-pool hop in between (each of which costs a context switch per datagram).
    /// </summary>
    public void Run(CancellationToken cancellationToken)
    {
        // One byte over the limit: a datagram that fills the buffer was larger than allowed (Linux
        // truncates silently; Windows reports MessageSize instead).
        var limit = owner.MaxMessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        var address = new SocketAddress(Socket.AddressFamily);
        var backlogged = false;
        var sinceCheck = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = Socket.ReceiveFrom(buffer.AsSpan(0, limit + 1), SocketFlags.None, address);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
                {
                    owner.Counters.OversizeDrop();
                    continue;
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // ICMP port unreachable from an earlier send surfaces here on some systems.
                    TransportLog.ReceiveFailed(owner.Logger, SipTransportKind.Udp, owner.LocalEndpoint, ex.SocketErrorCode);
                    continue;
                }
                catch (SocketException)
                {
                    break;
                }

                if (++sinceCheck == BacklogCheckEvery)
                {
                    sinceCheck = 0;
                    backlogged = _queue.QueuedBytes() > owner.BacklogThreshold;
                }

                if (owner.Dispatch(buffer, received, address, backlogged))
                {
                    Interlocked.Increment(ref _packets);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
