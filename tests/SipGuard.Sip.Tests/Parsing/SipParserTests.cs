using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Tests.Parsing;

public sealed class SipParserTests
{
    private static (SipParseError Error, SipMessage Message) Parse(string text, SipParserLimits? limits = null, SipFramingMode mode = SipFramingMode.Datagram)
    {
        var bytes = TestMessages.Bytes(text);
        var m = new SipMessage();
        var l = limits ?? SipParserLimits.Default;
        return (SipParser.Parse(bytes, 0, bytes.Length, l, m, mode), m);
    }

    private static string Text(SipMessage m, ByteRange r) => System.Text.Encoding.Latin1.GetString(m[r]);

    [Fact]
    public void Invite_with_sdp_indexes_start_line_headers_and_body()
    {
        var (error, m) = Parse(TestMessages.Invite);
        error.IsError.Should().BeFalse();
        m.IsRequest.Should().BeTrue();
        m.Method.Should().Be(SipMethod.Invite);
        Text(m, m.RequestUriRange).Should().Be("sip:+861066022236@callcenter.example.com;user=phone");
        m.HeaderCount.Should().Be(15);
        m.Body.Length.Should().Be(TestMessages.Sdp.Length);
        m.TryGetTopVia(out var via).Should().BeTrue();
        Text(m, via.Branch).Should().Be("z9hG4bK-524287-1---9f2c4e1d");
        via.HasRport.Should().BeTrue();
        via.Rport.Should().Be(-1);
        via.Port.Should().Be(5060);
        m.Privacy.Should().Be(PrivacyFlags.Id);
        m.TryGetFrom(out var from).Should().BeTrue();
        Text(m, from.Uri.User).Should().Be("+861066022237");
        Text(m, from.Tag).Should().Be("8d1c2f7a");
        m.TryGetTo(out var to).Should().BeTrue();
        to.HasTag.Should().BeFalse();
    }

    [Fact]
    public void Pai_with_sip_and_tel_values_gives_both_numbers()
    {
        var (_, m) = Parse(TestMessages.Invite);
        var pai = new NameAddr[4];
        m.GetNameAddrs(KnownHeader.PAssertedIdentity, pai).Should().Be(2);
        pai[0].Uri.Scheme.Should().Be(SipUriScheme.Sip);
        Text(m, pai[0].Uri.User).Should().Be("+861066022237");
        pai[1].Uri.Scheme.Should().Be(SipUriScheme.Tel);
        Text(m, pai[1].Uri.User).Should().Be("+861066022237");
    }

    [Fact]
    public void Response_status_line_gives_code_and_reason()
    {
        var (error, m) = Parse(TestMessages.Ok200);
        error.IsError.Should().BeFalse();
        m.IsResponse.Should().BeTrue();
        m.StatusCode.Should().Be(200);
        Text(m, m.ReasonPhraseRange).Should().Be("OK");
        m.ViaCount.Should().Be(2);
    }

    [Theory]
    [InlineData("i", KnownHeader.CallId)]
    [InlineData("f", KnownHeader.From)]
    [InlineData("T", KnownHeader.To)]
    [InlineData("v", KnownHeader.Via)]
    [InlineData("m", KnownHeader.Contact)]
    [InlineData("l", KnownHeader.ContentLength)]
    [InlineData("c", KnownHeader.ContentType)]
    [InlineData("k", KnownHeader.Supported)]
    [InlineData("s", KnownHeader.Subject)]
    [InlineData("e", KnownHeader.ContentEncoding)]
    [InlineData("o", KnownHeader.Event)]
    [InlineData("u", KnownHeader.AllowEvents)]
    [InlineData("r", KnownHeader.ReferTo)]
    [InlineData("b", KnownHeader.ReferredBy)]
    [InlineData("x", KnownHeader.SessionExpires)]
    [InlineData("P-ASSERTED-identity", KnownHeader.PAssertedIdentity)]
    [InlineData("p-preferred-identity", KnownHeader.PPreferredIdentity)]
    [InlineData("Remote-Party-ID", KnownHeader.RemotePartyId)]
    [InlineData("record-ROUTE", KnownHeader.RecordRoute)]
    [InlineData("Proxy-Require", KnownHeader.ProxyRequire)]
    [InlineData("Identity", KnownHeader.Identity)]
    [InlineData("X-Custom", KnownHeader.Unknown)]
    [InlineData("Vias", KnownHeader.Unknown)]
    public void Header_name_in_any_case_or_compact_form_maps_to_its_id(string name, KnownHeader expected)
    {
        KnownHeaderTable.Match(System.Text.Encoding.ASCII.GetBytes(name)).Should().Be(expected);
    }

    [Fact]
    public void Folded_lines_join_the_header_above_and_repeated_lines_join_the_list()
    {
        var (error, m) = Parse(
            "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1,\r\n  SIP/2.0/UDP h2;branch=z9hG4bK2\r\n" +
            "v: SIP/2.0/TCP h3;branch=z9hG4bK3\r\nRoute: <sip:r1;lr>, <sip:r2;lr>\r\nRoute: <sip:r3;lr>\r\nl: 0\r\n\r\n");
        error.IsError.Should().BeFalse();
        m.ViaCount.Should().Be(3);
        m.CountOf(KnownHeader.Via).Should().Be(2);
        var hosts = new List<string>();
        foreach (var v in m.GetValues(KnownHeader.Via))
        {
            ViaValue.TryParse(m.Span, v, out var via).Should().BeTrue();
            hosts.Add(Text(m, via.Host));
        }

        hosts.Should().Equal("h1", "h2", "h3");
        var routes = new NameAddr[8];
        m.GetNameAddrs(KnownHeader.Route, routes).Should().Be(3);
        Text(m, routes[2].Uri.Host).Should().Be("r3");
    }

    [Fact]
    public void Missing_content_length_on_a_datagram_takes_the_rest_as_body()
    {
        var (error, m) = Parse("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello");
        error.IsError.Should().BeFalse();
        m.ContentLength.Should().Be(-1);
        Text(m, m.Body).Should().Be("hello");
    }

    [Fact]
    public void Missing_content_length_on_a_stream_is_an_error()
    {
        Parse("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello", mode: SipFramingMode.Stream).Error.Kind
            .Should().Be(SipParseErrorKind.ContentLengthMissing);
    }

    [Fact]
    public void Trailing_octets_after_the_body_are_outside_the_message()
    {
        var (error, m) = Parse("MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\n\r\nhiJUNK");
        error.IsError.Should().BeFalse();
        m.Length.Should().Be(m.Body.End);
        m.TrailingBytes.Should().Be(4);
    }

    [Theory]
    [InlineData("Content-Length: -1", SipParseErrorKind.ContentLengthInvalid)]
    [InlineData("Content-Length: abc", SipParseErrorKind.ContentLengthInvalid)]
    [InlineData("Content-Length: ", SipParseErrorKind.ContentLengthInvalid)]
    [InlineData("Content-Length: 99999999999999999999", SipParseErrorKind.ContentLengthTooLarge)]
    [InlineData("Content-Length: 50", SipParseErrorKind.ContentLengthTooLarge)]
    [InlineData("Content-Length: 1\r\nl: 1", SipParseErrorKind.ContentLengthDuplicated)]
    public void Bad_content_length_is_a_framing_error(string header, SipParseErrorKind expected)
    {
        Parse($"MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n{header}\r\n\r\nab").Error.Kind.Should().Be(expected);
    }

    [Fact]
    public void Each_limit_has_its_own_error()
    {
        var small = new SipParserLimits(200, 3, 40, 2);
        Parse(new string('x', 300), small).Error.Kind.Should().Be(SipParseErrorKind.MessageTooLarge);
        Parse("OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", small).Error.Kind.Should().Be(SipParseErrorKind.TooManyHeaders);
        Parse("OPTIONS sip:a@b SIP/2.0\r\nA: 1234567890123456789012345678901234567890\r\n\r\n", small).Error.Kind.Should().Be(SipParseErrorKind.LineTooLong);
        Parse("OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP a, SIP/2.0/UDP b\r\nv: SIP/2.0/UDP c\r\n\r\n", small).Error.Kind.Should().Be(SipParseErrorKind.TooManyVias);
    }

    [Theory]
    [InlineData("INVITE sip:a@b SIP/3.0", SipParseErrorKind.UnsupportedVersion)]
    [InlineData("INVITE sip:a@b HTTP/1.1", SipParseErrorKind.BadVersion)]
    [InlineData("INVITE <sip:a@b> SIP/2.0", SipParseErrorKind.BadRequestUri)]
    [InlineData("INVITE  sip:a@b SIP/2.0", SipParseErrorKind.BadRequestUri)]
    [InlineData("INV(TE sip:a@b SIP/2.0", SipParseErrorKind.BadMethod)]
    [InlineData("SIP/2.0 4294967301 Big", SipParseErrorKind.BadStatusCode)]
    [InlineData("SIP/2.0 099 Small", SipParseErrorKind.BadStatusCode)]
    [InlineData("SIP/2.0 20 Short", SipParseErrorKind.BadStatusCode)]
    public void Bad_start_line_is_reported_with_its_kind(string line, SipParseErrorKind expected)
    {
        Parse(line + "\r\nVia: SIP/2.0/UDP h\r\n\r\n").Error.Kind.Should().Be(expected);
    }

    [Fact]
    public void Error_reactions_map_to_what_a_proxy_answers()
    {
        SipErrorReactions.For(SipParseErrorKind.UnsupportedVersion, true).StatusCode.Should().Be(505);
        SipErrorReactions.For(SipParseErrorKind.UnsupportedUriScheme, true).StatusCode.Should().Be(416);
        SipErrorReactions.For(SipParseErrorKind.ContentLengthInvalid, true).StatusCode.Should().Be(400);
        System.Text.Encoding.ASCII.GetString(SipErrorReactions.For(SipParseErrorKind.ContentLengthInvalid, true).ReasonPhrase).Should().Be("Bad Content-Length");
        SipErrorReactions.For(SipParseErrorKind.BadCSeq, false).IsDrop.Should().BeTrue();
    }

    [Fact]
    public void Bare_lf_line_ends_and_leading_keepalive_crlf_are_accepted()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nl: 0\n\n");
        var m = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        m.BufferOffset.Should().Be(4);
        m.TryGetTopVia(out _).Should().BeTrue();
    }

    [Fact]
    public void Message_in_the_middle_of_a_larger_buffer_is_parsed_in_place()
    {
        var inner = TestMessages.Bytes(TestMessages.Ok200);
        var buffer = new byte[inner.Length + 20];
        inner.CopyTo(buffer, 10);
        var m = new SipMessage();
        SipParser.Parse(buffer, 10, inner.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        m.Span.SequenceEqual(inner).Should().BeTrue();
    }

    [Fact]
    public void Remote_party_id_exposes_privacy_screen_and_party()
    {
        var (_, m) = Parse("INVITE sip:a@b SIP/2.0\r\nRemote-Party-ID: \"X\" <sip:+8613800138000@gw>;party=calling;screen=yes;privacy=full\r\nl: 0\r\n\r\n");
        var rpid = new RemotePartyId[2];
        m.GetRemotePartyIds(rpid).Should().Be(1);
        rpid[0].Privacy.Should().Be(RpidPrivacy.Full);
        Text(m, rpid[0].Screen).Should().Be("yes");
        rpid[0].IsCallingParty(m.Span).Should().BeTrue();
        Text(m, rpid[0].Address.Uri.User).Should().Be("+8613800138000");
    }

    [Fact]
    public void Sip_uri_with_password_ipv6_port_params_and_headers_is_split_into_ranges()
    {
        var bytes = "sip:alice%20b:secret@[2001:db8::1]:5070;transport=tcp;lr?subject=hi&x=y"u8.ToArray();
        SipUri.TryParse(bytes, new ByteRange(0, bytes.Length), out var uri).Should().BeTrue();
        string T(ByteRange r) => System.Text.Encoding.ASCII.GetString(bytes, r.Offset, r.Length);
        T(uri.User).Should().Be("alice%20b");
        T(uri.Password).Should().Be("secret");
        T(uri.Host).Should().Be("2001:db8::1");
        uri.IsIPv6Reference.Should().BeTrue();
        uri.Port.Should().Be(5070);
        T(uri.Parameters).Should().Be(";transport=tcp;lr");
        T(uri.Headers).Should().Be("subject=hi&x=y");
        uri.TryGetParameter(bytes, "TRANSPORT"u8, out var t).Should().BeTrue();
        T(t).Should().Be("tcp");
    }

    [Fact]
    public void Privacy_tokens_over_several_lines_are_combined()
    {
        var (_, m) = Parse("INVITE sip:a@b SIP/2.0\r\nPrivacy: user;ID\r\nPrivacy: critical\r\nl: 0\r\n\r\n");
        m.Privacy.Should().Be(PrivacyFlags.User | PrivacyFlags.Id | PrivacyFlags.Critical);
    }

    [Fact]
    public void Reused_message_forgets_the_previous_parse()
    {
        var m = new SipMessage();
        var a = TestMessages.Bytes(TestMessages.Invite);
        var b = TestMessages.Bytes(TestMessages.Ok200);
        SipParser.Parse(a, 0, a.Length, SipParserLimits.Default, m);
        m.TryGetTopVia(out _).Should().BeTrue();
        SipParser.Parse(b, 0, b.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        m.TryGetTopVia(out var via).Should().BeTrue();
        System.Text.Encoding.ASCII.GetString(m[via.Branch]).Should().Be("z9hG4bK-proxy-1");
        m.Has(KnownHeader.Privacy).Should().BeFalse();
    }
}
