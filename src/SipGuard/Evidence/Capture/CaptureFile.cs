using System.Buffers.Binary;

namespace SipGuard.Evidence.Capture;

/// <summary>
/// Reads the packets of a pcap or pcapng file. The containers are simple framing (a global header
/// and per-record headers; pcapng's blocks) and are read here, so no native libpcap is needed.
/// </summary>
internal static class CaptureFile
{
    public static bool TryRead(byte[] file, out List<(int LinkType, byte[] Frame)> packets, out string error)
    {
        packets = [];
        error = string.Empty;
        if (file.Length < 24)
        {
            error = "too short to be a pcap or pcapng file";
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic is 0xa1b2c3d4 or 0xa1b23c4d or 0xd4c3b2a1 or 0x4d3cb2a1)
        {
            return Pcap(file, magic is 0xa1b2c3d4 or 0xa1b23c4d, packets, out error);
        }

        if (magic == 0x0a0d0d0a)
        {
            return PcapNg(file, packets, out error);
        }

        error = "not a pcap or pcapng file (unknown magic number)";
        return false;
    }

    private static bool Pcap(byte[] file, bool little, List<(int, byte[])> packets, out string error)
    {
        error = string.Empty;
        var linkType = (int)(U32(file, 20, little) & 0xffff);
        for (var at = 24; at < file.Length;)
        {
            if (at + 16 > file.Length)
            {
                error = $"record header at byte {at} is cut";
                return false;
            }

            var length = U32(file, at + 8, little);
            if (length > (uint)(file.Length - at - 16))
            {
                error = $"record at byte {at} is cut";
                return false;
            }

            packets.Add((linkType, file.AsSpan(at + 16, (int)length).ToArray()));
            at += 16 + (int)length;
        }

        return true;
    }

    private static bool PcapNg(byte[] file, List<(int, byte[])> packets, out string error)
    {
        error = string.Empty;
        var little = true;
        var interfaces = new List<int>();
        for (var at = 0; at < file.Length;)
        {
            if (at + 12 > file.Length)
            {
                error = $"block at byte {at} is cut";
                return false;
            }

            var type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            if (type == 0x0a0d0d0a)
            {
                // Each section states its own byte order.
                little = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)) == 0x1a2b3c4d;
                interfaces.Clear();
            }
            else if (!little)
            {
                type = BinaryPrimitives.ReverseEndianness(type);
            }

            var length = U32(file, at + 4, little);
            if (length < 12 || length > (uint)(file.Length - at))
            {
                error = $"block at byte {at} has a bad length";
                return false;
            }

            var block = file.AsSpan(at, (int)length);
            if (type == 1 && block.Length >= 16)
            {
                interfaces.Add(little ? BinaryPrimitives.ReadUInt16LittleEndian(block[8..]) : BinaryPrimitives.ReadUInt16BigEndian(block[8..]));
            }
            else if (type == 6 && block.Length >= 32)
            {
                var iface = (int)U32(file, at + 8, little);
                var captured = U32(file, at + 20, little);
                if (iface < interfaces.Count && captured <= (uint)(block.Length - 32))
                {
                    packets.Add((interfaces[iface], block.Slice(28, (int)captured).ToArray()));
                }
            }
            else if (type == 3 && block.Length >= 16 && interfaces.Count > 0)
            {
                var original = U32(file, at + 8, little);
                packets.Add((interfaces[0], block.Slice(12, (int)Math.Min(original, (uint)(block.Length - 16))).ToArray()));
            }

            at += (int)length;
        }

        return true;
    }

    private static uint U32(byte[] file, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
}
