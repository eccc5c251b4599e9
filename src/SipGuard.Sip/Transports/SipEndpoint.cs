using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SipGuard.Sip.Transports;

/// <summary>
/// An IP address and port as plain values: usable as a dictionary key, comparable in a few integer
/// compares, and copied from and to a <see cref="SocketAddress"/> without allocating, unlike
/// <see cref="IPEndPoint"/>. IPv4 keeps its four bytes in the low word; IPv6 scope ids are ignored.
/// </summary>
public readonly struct SipEndpoint : IEquatable<SipEndpoint>
{
    // sockaddr_in / sockaddr_in6 layout after the family field, the same on Linux, Windows and BSD.
    private const int PortOffset = 2;
    private const int IPv4Offset = 4;
    private const int IPv6Offset = 8;

    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;
    private readonly AddressFamily _family;

    private SipEndpoint(AddressFamily family, ulong high, ulong low, int port)
    {
        _family = family;
        _high = high;
        _low = low;
        _port = (ushort)port;
    }

    public AddressFamily Family => _family;

    public int Port => _port;

    public bool IsIPv4 => _family == AddressFamily.InterNetwork;

    /// <summary>True for <c>default</c>: no endpoint.</summary>
    public bool IsEmpty => _family == AddressFamily.Unspecified;

    /// <summary>The IPv4 address in host order (for CIDR matching); 0 for IPv6.</summary>
    public uint IPv4Address => IsIPv4 ? (uint)_low : 0;

    /// <summary>The same address with another port (port 0: the address alone, e.g. as a per-source key).</summary>
    public SipEndpoint WithPort(int port) => new(_family, _high, _low, port);

    public static SipEndpoint FromIPv4(uint address, int port) =>
        new(AddressFamily.InterNetwork, 0, address, port);

    /// <summary>
    /// Reads a canonical dotted-quad IPv4 literal (four decimal parts of 0–255, no leading zeros)
    /// without allocating; false for anything else, including the short, octal and hex forms that
    /// <see cref="IPAddress.TryParse(ReadOnlySpan{byte}, out IPAddress?)"/> also accepts.
    /// </summary>
    /// <remarks>
    /// The call path resolves a Route or Request-URI host on every in-dialog request; going through
    /// <see cref="IPAddress"/> and <see cref="IPEndPoint"/> there cost two objects per request.
    /// </remarks>
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, int port, out SipEndpoint endpoint)
    {
        endpoint = default;
        uint address = 0;
        var part = 0;
        var value = 0;
        var digits = 0;
        foreach (var b in text)
        {
            if (b == (byte)'.')
            {
                if (digits == 0 || ++part > 3)
                {
                    return false;
                }

                address = (address << 8) | (uint)value;
                value = 0;
                digits = 0;
            }
            else if ((uint)(b - '0') <= 9 && digits < 3 && !(digits == 1 && value == 0))
            {
                value = (value * 10) + (b - '0');
                digits++;
                if (value > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (part != 3 || digits == 0)
        {
            return false;
        }

        endpoint = FromIPv4((address << 8) | (uint)value, port);
        return true;
    }

    /// <summary>Reads family, address and port out of a socket address filled by a receive.</summary>
    public static SipEndpoint FromSocketAddress(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.Buffer.Span;
        var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[PortOffset..]);
        return address.Family switch
        {
            AddressFamily.InterNetwork => new SipEndpoint(
                AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes[IPv4Offset..]), port),
            AddressFamily.InterNetworkV6 => new SipEndpoint(
                AddressFamily.InterNetworkV6,
                BinaryPrimitives.ReadUInt64BigEndian(bytes[IPv6Offset..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[(IPv6Offset + 8)..]),
                port),
            _ => default,
        };
    }

    public static SipEndpoint FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? new SipEndpoint(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes), endPoint.Port)
            : new SipEndpoint(
                AddressFamily.InterNetworkV6,
                BinaryPrimitives.ReadUInt64BigEndian(bytes),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                endPoint.Port);
    }

    /// <summary>
    /// Writes address and port into <paramref name="address"/>, which must already have this
    /// endpoint's family (socket addresses are pooled per family). False on a family mismatch.
    /// </summary>
    public bool TryWriteTo(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsEmpty || address.Family != _family)
        {
            return false;
        }

        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[PortOffset..], _port);
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes[IPv4Offset..], (uint)_low);
        }
        else
        {
            bytes.Slice(IPv4Offset, 4).Clear(); // flow info
            BinaryPrimitives.WriteUInt64BigEndian(bytes[IPv6Offset..], _high);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[(IPv6Offset + 8)..], _low);
            bytes.Slice(IPv6Offset + 16, 4).Clear(); // scope id
        }

        return true;
    }

    /// <summary>Writes the address bytes in network order; returns 4 or 16 (0 when empty).</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }

        if (IsEmpty)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    /// <summary>Allocates: for configuration, logging and connecting, not for the packet path.</summary>
    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = WriteAddressBytes(bytes);
        return new IPEndPoint(length == 0 ? IPAddress.None : new IPAddress(bytes[..length]), _port);
    }

    public bool Equals(SipEndpoint other) =>
        _low == other._low && _high == other._high && _port == other._port && _family == other._family;

    public override bool Equals(object? obj) => obj is SipEndpoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_low, _high, _port, _family);

    public override string ToString() => IsEmpty ? "(none)" : ToIPEndPoint().ToString();

    public static bool operator ==(SipEndpoint left, SipEndpoint right) => left.Equals(right);

    public static bool operator !=(SipEndpoint left, SipEndpoint right) => !left.Equals(right);
}
