using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SipGuard.Sip.Transports.Udp;

/// <summary>
/// How many bytes wait in a UDP socket's receive queue. Linux gives one socket's receive memory in
/// O(1) with <c>getsockopt(SO_MEMINFO)</c> (<c>SK_MEMINFO_RMEM_ALLOC</c>, the figure
/// <c>/proc/net/udp</c> shows as <c>rx_queue</c>; FIONREAD on UDP gives just the next datagram's
/// size). One syscall, no allocation, asked at most every <see cref="Interval"/> from the receive
/// loop itself. Elsewhere it reports 0 (no backlog signal).
/// </summary>
internal sealed class UdpQueueProbe(Socket socket)
{
    private const int SolSocket = 1;
    private const int SoMemInfo = 55;
    private const int MemInfoValues = 9;
    private const long IntervalMilliseconds = 50;

    private bool _unsupported = !OperatingSystem.IsLinux();
    private long _nextCheck;
    private int _lastQueued;

    /// <summary>Bytes queued, as of the last check (re-read when the interval has passed).</summary>
    public int QueuedBytes()
    {
        if (_unsupported)
        {
            return 0;
        }

        var now = Environment.TickCount64;
        if (now < _nextCheck)
        {
            return _lastQueued;
        }

        _nextCheck = now + IntervalMilliseconds;
        _lastQueued = Read();
        return _lastQueued;
    }

    private int Read()
    {
        Span<byte> values = stackalloc byte[MemInfoValues * sizeof(uint)];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoMemInfo, values);
            return length >= sizeof(uint) ? (int)Math.Min(MemoryMarshal.Read<uint>(values), int.MaxValue) : 0;
        }
        catch (SocketException)
        {
            _unsupported = true; // a kernel without SO_MEMINFO (before 3.9): no backlog signal
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }
}
