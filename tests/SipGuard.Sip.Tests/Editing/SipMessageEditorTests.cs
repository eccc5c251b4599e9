using System.Text;
using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Tests.Editing;

public sealed class SipMessageEditorTests
{
    private static (SipMessage Message, SipMessageEditor Editor) Load(string text)
    {
        var bytes = TestMessages.Bytes(text);
        var m = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        var editor = new SipMessageEditor();
        editor.Reset(m);
        return (m, editor);
    }

    private static string Output(SipMessageEditor editor)
    {
        editor.TryWritePooled(out var output).Should().BeTrue();
        using (output)
        {
            output.Length.Should().Be(editor.GetLength());
            return Encoding.Latin1.GetString(output.Span);
        }
    }

    [Fact]
    public void No_edits_writes_identical_bytes()
    {
        var (_, editor) = Load(TestMessages.Invite);
        Output(editor).Should().Be(TestMessages.Invite);
    }

    [Fact]
    public void Forwarding_edit_adds_via_decrements_max_forwards_and_adds_record_route()
    {
        var (_, editor) = Load(TestMessages.Invite);
        editor.AddTopVia("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-sg-1"u8);
        editor.DecrementMaxForwards().Should().BeTrue();
        editor.AddRecordRoute("<sip:127.0.0.1;lr>"u8);
        var expected = TestMessages.Invite
            .Replace("Via: SIP/2.0/UDP 127.0.0.2", "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-sg-1\r\nVia: SIP/2.0/UDP 127.0.0.2", StringComparison.Ordinal)
            .Replace("Max-Forwards: 70", "Max-Forwards: 69", StringComparison.Ordinal)
            .Replace("\r\n\r\nv=0", "\r\nRecord-Route: <sip:127.0.0.1;lr>\r\n\r\nv=0", StringComparison.Ordinal);
        Output(editor).Should().Be(expected);
    }

    [Fact]
    public void Max_forwards_zero_is_not_decremented()
    {
        var (_, editor) = Load("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 0\r\nl: 0\r\n\r\n");
        editor.DecrementMaxForwards().Should().BeFalse();
        editor.EditCount.Should().Be(0);
    }

    [Fact]
    public void Removing_the_top_via_of_a_comma_list_keeps_the_rest_of_the_line()
    {
        var (_, editor) = Load("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\nl: 0\r\n\r\n");
        editor.RemoveTopVia().Should().BeTrue();
        Output(editor).Should().Be("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP b;branch=z9hG4bK2\r\nl: 0\r\n\r\n");
    }

    [Fact]
    public void Removing_a_single_via_line_removes_the_line()
    {
        var (_, editor) = Load(TestMessages.Ok200);
        editor.RemoveTopVia().Should().BeTrue();
        Output(editor).Should().Be(TestMessages.Ok200.Replace("Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-proxy-1;received=127.0.0.1\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_the_last_value_of_a_list_takes_its_comma()
    {
        var (m, editor) = Load("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:r1;lr>, <sip:r2;lr>\r\nl: 0\r\n\r\n");
        var e = m.GetValues(KnownHeader.Route);
        e.MoveNext();
        e.MoveNext();
        editor.RemoveValue(e.CurrentHeaderIndex, e.Current);
        Output(editor).Should().Be("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:r1;lr>\r\nl: 0\r\n\r\n");
    }

    [Fact]
    public void Request_uri_and_header_value_are_replaced_and_headers_inserted_around_others()
    {
        var (m, editor) = Load("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\nl: 0\r\n\r\n");
        editor.ReplaceRequestUri("sip:agent@127.0.0.1:5080"u8);
        editor.ReplaceHeaderValue(m.IndexOf(KnownHeader.To), "<sip:c@d>"u8);
        editor.InsertHeaderBefore(m.IndexOf(KnownHeader.To), "X-A"u8, "1"u8);
        editor.InsertHeaderAfter(m.IndexOf(KnownHeader.To), "X-B"u8, "2"u8);
        editor.RemoveHeader(m.IndexOf(KnownHeader.ContentLength));
        Output(editor).Should().Be("OPTIONS sip:agent@127.0.0.1:5080 SIP/2.0\r\nX-A: 1\r\nTo: <sip:c@d>\r\nX-B: 2\r\n\r\n");
    }

    [Fact]
    public void Trailing_datagram_octets_are_never_written()
    {
        var (_, editor) = Load("OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\nINVITE junk");
        Output(editor).Should().Be("OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\n");
    }

    [Fact]
    public void Overlapping_edits_fail_to_write()
    {
        var (m, editor) = Load("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\nl: 0\r\n\r\n");
        editor.RemoveHeader(m.IndexOf(KnownHeader.To));
        editor.ReplaceHeaderValue(m.IndexOf(KnownHeader.To), "x"u8);
        editor.TryWrite(new byte[1000], out _).Should().BeFalse();
    }
}
