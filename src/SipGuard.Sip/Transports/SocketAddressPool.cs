using System.Net;
using System.Net.Sockets;

namespace SipGuard.Sip.Transports;

/// <summary>
/// A few reusable <see cref="SocketAddress"/> objects of one family for sends from any thread:
/// lock-free, and allocation-free once as many addresses exist as threads send at the same time.
/// </summary>
internal sealed class SocketAddressPool(AddressFamily family)
{
    private readonly SocketAddress?[] _slots = new SocketAddress?[Math.Max(4, Environment.ProcessorCount * 2)];

    public AddressFamily Family { get; } = family;

    public SocketAddress Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var address = Interlocked.Exchange(ref _slots[i], null);
            if (address is not null)
            {
                return address;
            }
        }

        return new SocketAddress(Family);
    }

    public void Return(SocketAddress address)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], address, null) is null)
            {
                return;
            }
        }
    }
}
