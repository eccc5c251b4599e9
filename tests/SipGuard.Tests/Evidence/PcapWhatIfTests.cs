using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SipGuard.Tests.Evidence;

/// <summary><c>sipguard whatif --pcap</c>: the initial INVITEs of a capture re-decided under a new config, compared with the responses on the wire.</summary>
public sealed class PcapWhatIfTests : IDisposable
{
    private const string Newly = "+8613912340000";
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-pcap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_capture_re_decided_under_a_config_that_allows_one_more_number_changes_exactly_that_numbers_calls(bool pcapng)
    {
        var proxy = IPAddress.Parse("127.0.0.1");
        var line = IPAddress.Parse("127.0.0.2");
        var stranger = IPAddress.Parse("127.0.0.9");
        var frames = new List<byte[]>
        {
            Udp(line, proxy, Invite("ok-1", TestPolicy.Allowed)),
            Udp(proxy, line, Response("ok-1", 100)),
            Udp(proxy, line, Response("ok-1", 200)),
            Udp(line, proxy, Invite("new-1", Newly)),
            Udp(line, proxy, Invite("new-1", Newly)), // a retransmission is one call
            Udp(proxy, line, Response("new-1", 403)),
            Udp(line, proxy, Invite("spoof-1", TestPolicy.Spoofed)),
            Udp(proxy, line, Response("spoof-1", 403)),
            Udp(line, proxy, Invite("unanswered-1", Newly)),
            Udp(stranger, proxy, Invite("stranger-1", TestPolicy.Allowed, "127.0.0.9")),
            Udp(proxy, stranger, Response("stranger-1", 200)), // answered then; no line has this source now
            Tcp(line, proxy),
        };
        var capture = Path.Combine(_dir, pcapng ? "calls.pcapng" : "calls.pcap");
        File.WriteAllBytes(capture, pcapng ? PcapNg(frames.Select(Cooked)) : Pcap(frames.Select(Ethernet)));
        var candidate = Path.Combine(_dir, "new.yaml");
        File.WriteAllText(candidate, TestPolicy.Yaml.Replace("allowed_callers: [ \"+861066022236\" ]\n  monitor-line", "allowed_callers: [ \"+861066022236\", \"" + Newly + "\" ]\n  monitor-line", StringComparison.Ordinal));
        File.ReadAllText(candidate).Should().Contain(Newly);

        var (exit, output, error) = EvidenceCli.Run("whatif", "--config", candidate, "--pcap", capture, "--format", "json");
        exit.Should().Be(0, error);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("decided").GetInt64().Should().Be(4, "ok-1, new-1, spoof-1 and stranger-1 have a final response");
        doc.RootElement.GetProperty("skipped").GetInt64().Should().Be(1, "unanswered-1 has none");
        doc.RootElement.GetProperty("calls").EnumerateArray()
            .Select(c => (c.GetProperty("call_id").GetString(), c.GetProperty("before").GetString(), c.GetProperty("after").GetString()))
            .Should().BeEquivalentTo([("new-1", "reject/403", "allow"), ("stranger-1", "allow", "reject/403 unknown-peer")]);

        var text = EvidenceCli.Run("whatif", "--config", candidate, "--pcap", capture).Output;
        text.Should().Contain("4 captured call(s) re-decided, 2 would change (1 INVITE(s) without a final response in the capture skipped)")
            .And.Contain("enforce-line: reject/403 -> allow: 1");
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_an_operator_message_not_a_crash()
    {
        var bad = Path.Combine(_dir, "bad.pcap");
        File.WriteAllText(bad, "this is not a capture, only some text");
        File.WriteAllText(Path.Combine(_dir, "new.yaml"), TestPolicy.Yaml);
        var (exit, _, error) = EvidenceCli.Run("whatif", "--config", Path.Combine(_dir, "new.yaml"), "--pcap", bad);
        exit.Should().Be(2);
        error.Should().Contain("bad.pcap: not a pcap or pcapng file");
    }

    private static byte[] Invite(string id, string caller, string ip = "127.0.0.2") => TestPolicy.Invite(id, caller, ip);

    private static byte[] Response(string id, int status) => Encoding.ASCII.GetBytes(
        $"SIP/2.0 {status} X\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-{id}\r\nFrom: <sip:a@127.0.0.2>;tag=f-{id}\r\n" +
        $"To: <sip:4008001234@127.0.0.1>{(status > 100 ? ";tag=t1" : "")}\r\nCall-ID: {id}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

    /// <summary>An IPv4 packet carrying UDP 5070 → 5060.</summary>
    private static byte[] Udp(IPAddress source, IPAddress destination, byte[] payload) => Ipv4(17, source, destination, [.. UdpHeader(payload.Length), .. payload]);

    private static byte[] UdpHeader(int length)
    {
        var h = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(h, 5070);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), 5060);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)(length + 8));
        return h;
    }

    /// <summary>A TCP segment carrying an INVITE: not read (only UDP datagrams are).</summary>
    private static byte[] Tcp(IPAddress source, IPAddress destination) => Ipv4(6, source, destination, [.. new byte[20], .. Invite("tcp-1", Newly)]);

    private static byte[] Ipv4(byte protocol, IPAddress source, IPAddress destination, byte[] payload)
    {
        var ip = new byte[20 + payload.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        ip[8] = 64;
        ip[9] = protocol;
        source.GetAddressBytes().CopyTo(ip, 12);
        destination.GetAddressBytes().CopyTo(ip, 16);
        payload.CopyTo(ip, 20);
        return ip;
    }

    private static byte[] Ethernet(byte[] ip) => [.. new byte[12], 0x08, 0x00, .. ip];

    private static byte[] Cooked(byte[] ip) => [.. new byte[14], 0x08, 0x00, .. ip];

    private static byte[] Pcap(IEnumerable<byte[]> frames)
    {
        var file = new List<byte>();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        file.AddRange(header);
        foreach (var frame in frames)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)frame.Length);
            file.AddRange(record);
            file.AddRange(frame);
        }

        return [.. file];
    }

    /// <summary>Section header, one Linux-cooked interface, enhanced packet blocks (padded to 4 bytes).</summary>
    private static byte[] PcapNg(IEnumerable<byte[]> frames)
    {
        var file = new List<byte>();
        file.AddRange(Block(0x0a0d0d0a, [.. Le32(0x1a2b3c4d), 1, 0, 0, 0, .. Enumerable.Repeat((byte)0xff, 8)]));
        file.AddRange(Block(1, [113, 0, 0, 0, .. Le32(65535)]));
        foreach (var frame in frames)
        {
            var padded = frame.Concat(new byte[(4 - (frame.Length % 4)) % 4]).ToArray();
            file.AddRange(Block(6, [.. Le32(0), .. Le32(0), .. Le32(0), .. Le32((uint)frame.Length), .. Le32((uint)frame.Length), .. padded]));
        }

        return [.. file];
    }

    private static byte[] Block(uint type, byte[] body) => [.. Le32(type), .. Le32((uint)(body.Length + 12)), .. body, .. Le32((uint)(body.Length + 12))];

    private static byte[] Le32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }
}
