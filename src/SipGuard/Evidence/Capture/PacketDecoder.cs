using System.Buffers.Binary;
using System.Net;

namespace SipGuard.Evidence.Capture;

/// <summary>
/// Link layer (Ethernet with VLAN tags, Linux cooked v1 and v2, raw IP, BSD loopback), then IPv4 or
/// IPv6, then UDP. Anything else (TCP, IP fragments, IPv6 extension headers) is not a datagram here.
/// </summary>
internal static class PacketDecoder
{
    public static CapturedDatagram? Decode(int linkType, ReadOnlySpan<byte> frame)
    {
        var ip = linkType switch
        {
            1 => Ethernet(frame),
            113 when frame.Length >= 16 => ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame[16..]),
            276 when frame.Length >= 20 => ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[20..]),
            12 or 101 or 228 or 229 => frame,
            0 when frame.Length >= 4 => frame[4..],
            _ => [],
        };
        return Ip(ip);
    }

    private static ReadOnlySpan<byte> Ethernet(ReadOnlySpan<byte> frame)
    {
        var at = 12;
        while (frame.Length >= at + 2 && BinaryPrimitives.ReadUInt16BigEndian(frame[at..]) is 0x8100 or 0x88a8)
        {
            at += 4;
        }

        return frame.Length < at + 2 ? [] : ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[at..]), frame[(at + 2)..]);
    }

    private static ReadOnlySpan<byte> ByEtherType(ushort type, ReadOnlySpan<byte> payload) => type is 0x0800 or 0x86dd ? payload : [];

    private static CapturedDatagram? Ip(ReadOnlySpan<byte> ip)
    {
        if (ip.Length >= 20 && ip[0] >> 4 == 4)
        {
            var header = (ip[0] & 0x0f) * 4;
            var total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            var fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff;
            if (ip[9] != 17 || fragment != 0 || header < 20 || total > ip.Length || total < header)
            {
                return null;
            }

            return Udp(new IPAddress(ip.Slice(12, 4)), new IPAddress(ip.Slice(16, 4)), ip[header..total]);
        }

        if (ip.Length >= 40 && ip[0] >> 4 == 6 && ip[6] == 17)
        {
            var payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            return payload > ip.Length - 40 ? null : Udp(new IPAddress(ip.Slice(8, 16)), new IPAddress(ip.Slice(24, 16)), ip.Slice(40, payload));
        }

        return null;
    }

    private static CapturedDatagram? Udp(IPAddress source, IPAddress destination, ReadOnlySpan<byte> udp)
    {
        if (udp.Length < 8)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (length < 8 || length > udp.Length)
        {
            return null;
        }

        return new CapturedDatagram(
            new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(udp)),
            new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(udp[2..])),
            udp[8..length].ToArray());
    }
}
