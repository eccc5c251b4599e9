using System.Text;
using BenchmarkDotNet.Attributes;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Benchmarks.Sip;

/// <summary>
/// Budgets (DESIGN.md): parse+index a ~900-byte INVITE ≤ 1 µs with no allocation beyond the pooled
/// message; forwarding edit + write ≤ 1 µs, 0 B. <see cref="Floor_ScanLineEndsAndColons"/> is the
/// least any parser must do, for comparison.
/// </summary>
[MemoryDiagnoser]
public class SipMessageBenchmarks
{
    private const string Sdp =
        "v=0\r\no=- 3868393562 3868393562 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    private static readonly string InviteText =
        "INVITE sip:+861066022236@callcenter.example.com;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-524287-1---9f2c4e1d;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Acme Sales\" <sip:+861066022237@127.0.0.2;user=phone>;tag=8d1c2f7a\r\n" +
        "To: <sip:+861066022236@callcenter.example.com;user=phone>\r\n" +
        "Call-ID: 6c4b1e0f-3b5a-4a1c-9a3e-2f1d7b8c9e0a@127.0.0.2\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:+861066022237@127.0.0.2:5060;transport=udp>\r\n" +
        "P-Asserted-Identity: \"Acme Sales\" <sip:+861066022237@127.0.0.2;user=phone>, <tel:+861066022237>\r\n" +
        "Privacy: id\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, INFO, REFER, NOTIFY\r\n" +
        "Supported: timer, 100rel, replaces\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "User-Agent: Asterisk PBX 20.5.0\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Sdp.Length}\r\n" +
        "\r\n" + Sdp;

    private const string OkText =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-proxy-1;received=127.0.0.1\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-524287-1---9f2c4e1d;rport=5060\r\n" +
        "Record-Route: <sip:127.0.0.1;lr>\r\n" +
        "From: \"Acme Sales\" <sip:+861066022237@127.0.0.2;user=phone>;tag=8d1c2f7a\r\n" +
        "To: <sip:+861066022236@callcenter.example.com;user=phone>;tag=as5f3e2a1b\r\n" +
        "Call-ID: 6c4b1e0f-3b5a-4a1c-9a3e-2f1d7b8c9e0a@127.0.0.2\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:agent42@127.0.0.1:5080>\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    private readonly byte[] _invite = Encoding.ASCII.GetBytes(InviteText);
    private readonly byte[] _ok = Encoding.ASCII.GetBytes(OkText);
    private readonly SipMessage _message = new();
    private readonly SipMessage _forwarded = new();
    private readonly SipMessageEditor _editor = new();
    private readonly NameAddr[] _pai = new NameAddr[2];
    private readonly byte[] _output = new byte[4096];

    [GlobalSetup]
    public void Setup()
    {
        if (SipParser.Parse(_invite, 0, _invite.Length, SipParserLimits.Default, _forwarded).IsError)
        {
            throw new InvalidOperationException("sample INVITE does not parse");
        }
    }

    [Benchmark]
    public int Floor_ScanLineEndsAndColons()
    {
        ReadOnlySpan<byte> s = _invite;
        var colons = 0;
        var pos = 0;
        while (true)
        {
            var lf = s[pos..].IndexOf((byte)'\n');
            if (lf <= 1)
            {
                break;
            }

            colons += s.Slice(pos, lf).IndexOf((byte)':');
            pos += lf + 1;
        }

        return colons;
    }

    [Benchmark]
    public SipParseError ParseInvite() => SipParser.Parse(_invite, 0, _invite.Length, SipParserLimits.Default, _message);

    [Benchmark]
    public SipParseError Parse200Ok() => SipParser.Parse(_ok, 0, _ok.Length, SipParserLimits.Default, _message);

    /// <summary>Parse, then read what screening needs: From user, PAI number, Privacy, top Via branch.</summary>
    [Benchmark]
    public int ParseInviteAndReadCallerFields()
    {
        var m = _message;
        SipParser.Parse(_invite, 0, _invite.Length, SipParserLimits.Default, m);
        m.TryGetFrom(out var from);
        m.GetNameAddrs(KnownHeader.PAssertedIdentity, _pai);
        var privacy = m.Privacy;
        m.TryGetTopVia(out var via);
        return from.Uri.User.Length + _pai[0].Uri.User.Length + (int)privacy + via.Branch.Length;
    }

    /// <summary>Add our Via, decrement Max-Forwards, add Record-Route, write the result.</summary>
    [Benchmark]
    public int ForwardingEditAndWrite()
    {
        var e = _editor;
        e.Reset(_forwarded);
        e.AddTopVia("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-sg-0123456789abcdef"u8);
        e.DecrementMaxForwards();
        e.AddRecordRoute("<sip:127.0.0.1:5060;lr>"u8);
        e.TryWrite(_output, out var written);
        return written;
    }
}
