using System.Buffers.Binary;
using SipGuard.Proxy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// Per-source flood detection: requests are counted per source address in fixed windows; a source
/// over the threshold is ignored until its block ends. A direct-mapped table of fixed size (no
/// growth however many sources spray us): two addresses sharing a cell take turns, which can only
/// delay a detection, never block an innocent source for another's traffic.
/// </summary>
internal sealed class FloodGuard
{
    private const int Cells = 8192;
    private const int Stripes = 64;

    private readonly Cell[] _cells = new Cell[Cells];
    private readonly Lock[] _locks = new Lock[Stripes];

    public FloodGuard()
    {
        for (var i = 0; i < Stripes; i++)
        {
            _locks[i] = new Lock();
        }
    }

    /// <summary>Counts one request from <paramref name="source"/>.</summary>
    public FloodVerdict Check(SipEndpoint source, FloodConfig config, long now, long frequency)
    {
        var index = CellOf(source, out var high, out var low);
        lock (_locks[index % Stripes])
        {
            ref var cell = ref _cells[index];
            if (cell.High != high || cell.Low != low || !cell.Used)
            {
                if (cell.Used && now < cell.BlockedUntil)
                {
                    return FloodVerdict.Allow; // the cell's blocked owner keeps it until its block ends
                }

                cell = new Cell { High = high, Low = low, Used = true, WindowStart = now };
            }

            if (now < cell.BlockedUntil)
            {
                return FloodVerdict.Blocked;
            }

            if (now - cell.WindowStart >= (long)(config.Window.TotalSeconds * frequency))
            {
                cell.WindowStart = now;
                cell.Count = 0;
            }

            if (++cell.Count <= config.Requests)
            {
                return FloodVerdict.Allow;
            }

            cell.BlockedUntil = now + (long)(config.BlockFor.TotalSeconds * frequency);
            cell.Count = 0;
            return FloodVerdict.JustBlocked;
        }
    }

    /// <summary>
    /// Blocks <paramref name="source"/> until <paramref name="until"/> (another node found it flooding),
    /// unless its cell already holds a block that lasts as long (its own, or another blocked owner's).
    /// </summary>
    public void Block(SipEndpoint source, long until)
    {
        var index = CellOf(source, out var high, out var low);
        lock (_locks[index % Stripes])
        {
            ref var cell = ref _cells[index];
            if (cell.Used && cell.BlockedUntil >= until)
            {
                return;
            }

            cell = new Cell { High = high, Low = low, Used = true, WindowStart = until, BlockedUntil = until };
        }
    }

    /// <summary>The cell of a source address (IPv4 and IPv6 alike, as 16 bytes) and the address's two halves.</summary>
    private static int CellOf(SipEndpoint source, out ulong high, out ulong low)
    {
        Span<byte> address = stackalloc byte[16];
        address.Clear();
        source.WriteAddressBytes(address);
        high = BinaryPrimitives.ReadUInt64LittleEndian(address);
        low = BinaryPrimitives.ReadUInt64LittleEndian(address[8..]);
        return (int)((uint)HashCode.Combine(high, low) % Cells);
    }

    private struct Cell
    {
        public ulong High;
        public ulong Low;
        public bool Used;
        public long WindowStart;
        public int Count;
        public long BlockedUntil;
    }
}
