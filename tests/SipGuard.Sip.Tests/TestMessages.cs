using System.Text;

namespace SipGuard.Sip.Tests;

internal static class TestMessages
{
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n"));

    public const string Sdp =
        "v=0\r\no=- 3868393562 3868393562 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    /// <summary>A ~900-byte trunk INVITE with SDP, P-Asserted-Identity and Privacy.</summary>
    public static string Invite =>
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

    public static string Ok200 =>
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
}
