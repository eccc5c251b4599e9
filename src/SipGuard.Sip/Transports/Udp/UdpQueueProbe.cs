using System.Globalization;
using System.Net.Sockets;

namespace SipGuard.Sip.Transports.Udp;

/// <summary>
/// How many bytes wait in a UDP socket's receive queue. Linux reports it per socket only in
/// <c>/proc/net/udp</c> (<c>rx_queue</c>; FIONREAD on UDP gives just the next datagram's size), so
/// the probe finds its socket's line by inode and is asked at most every
/// <see cref="Interval"/>, from the receive loop itself. Elsewhere it reports 0 (no backlog signal).
/// </summary>
internal sealed class UdpQueueProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly string? _inode;
    private readonly string _table;
    private long _nextCheck;
    private int _lastQueued;

    public UdpQueueProbe(Socket socket)
    {
        _table = socket.AddressFamily == AddressFamily.InterNetworkV6 ? "/proc/net/udp6" : "/proc/net/udp";
        _inode = OperatingSystem.IsLinux() ? InodeOf(socket) : null;
    }

    /// <summary>Bytes queued, as of the last check (re-read when the interval has passed).</summary>
    public int QueuedBytes()
    {
        if (_inode is null)
        {
            return 0;
        }

        var now = Environment.TickCount64;
        if (now < _nextCheck)
        {
            return _lastQueued;
        }

        _nextCheck = now + (long)Interval.TotalMilliseconds;
        _lastQueued = Read();
        return _lastQueued;
    }

    private int Read()
    {
        try
        {
            foreach (var line in File.ReadLines(_table))
            {
                // sl local rem st tx_queue:rx_queue tr:tm retrnsmt uid timeout inode ...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[9] == _inode)
                {
                    var queues = fields[4];
                    var colon = queues.IndexOf(':', StringComparison.Ordinal);
                    return colon > 0 && int.TryParse(queues.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rx) ? rx : 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static string? InodeOf(Socket socket)
    {
        try
        {
            var link = new FileInfo($"/proc/self/fd/{socket.SafeHandle.DangerousGetHandle()}").LinkTarget;
            return link is not null && link.StartsWith("socket:[", StringComparison.Ordinal) ? link[8..^1] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
