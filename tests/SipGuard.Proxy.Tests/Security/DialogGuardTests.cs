using System.Text;
using SipGuard.Proxy.Security;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;
using static SipGuard.Proxy.Tests.Security.SecurityFixtures;

namespace SipGuard.Proxy.Tests.Security;

public sealed class DialogGuardTests
{
    private static readonly DialogPeer Trunk = Tcp(2, 40001);
    private static readonly DialogPeer Upstream = Udp(1, 5080);
    private readonly DialogGuard _guard = new(Secret(9));

    private string RecordRoute(long flow)
    {
        var invite = Parse("INVITE sip:x@127.0.0.1 SIP/2.0\r\nFrom: <sip:a@b>;tag=caller\r\nTo: <sip:x@y>\r\nCall-ID: dlg-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        var parameters = new byte[DialogGuard.MaxParametersLength];
        var n = _guard.WriteRecordRouteParameters(parameters, invite, Trunk, Upstream, flow);
        return $"<sip:127.0.0.1:5060;lr{Encoding.ASCII.GetString(parameters, 0, n)}>";
    }

    private static SipMessage InDialog(string route, string fromTag, string toTag) =>
        Parse($"BYE sip:x@127.0.0.1 SIP/2.0\r\nRoute: {route}\r\nFrom: <sip:a@b>;tag={fromTag}\r\nTo: <sip:x@y>;tag={toTag}\r\nCall-ID: dlg-1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void CalleesBye_VerifiesFromTheUpstream_AndItsFlowTokenNamesTheTrunksConnection()
    {
        var bye = InDialog(RecordRoute(flow: 2), fromTag: "callee", toTag: "caller");
        var uri = RouteUri(bye);

        _guard.Verify(bye, uri, SipTransportKind.Udp, Upstream.Endpoint, out var destination).Should().Be(DialogSide.Recipient);
        destination.Should().Be(Trunk);
        _guard.FlowConnection(bye, uri, destination).Should().Be(2);
    }

    [Fact]
    public void SameRouteFromAStranger_IsRefused()
    {
        var bye = InDialog(RecordRoute(flow: 2), fromTag: "callee", toTag: "caller");
        _guard.Verify(bye, RouteUri(bye), SipTransportKind.Udp, V4(127, 0, 0, 66, 5080), out _).Should().Be(DialogSide.None);
    }

    [Fact]
    public void BareFlowToken_WithoutDialogToken_DoesNothing()
    {
        var bye = InDialog("<sip:127.0.0.1:5060;lr;sgf=2>", fromTag: "callee", toTag: "caller");
        var uri = RouteUri(bye);
        _guard.Verify(bye, uri, SipTransportKind.Udp, Upstream.Endpoint, out _).Should().Be(DialogSide.None);
        _guard.FlowConnection(bye, uri, Trunk).Should().Be(0);
    }

    [Fact]
    public void Rebind_NamesTheFailoverTarget_InPlace()
    {
        var text = $"INVITE sip:x@127.0.0.1 SIP/2.0\r\nRecord-Route: {RecordRoute(flow: 0)}\r\nFrom: <sip:a@b>;tag=caller\r\nTo: <sip:x@y>\r\nCall-ID: dlg-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        var forwarded = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, forwarded).IsError.Should().BeFalse();
        var second = Udp(3, 5080);

        _guard.Rebind(forwarded, bytes, second);

        var rr = Encoding.ASCII.GetString(bytes).Split("\r\n")[1]["Record-Route: ".Length..];
        rr.Length.Should().Be(RecordRoute(0).Length);
        var bye = InDialog(rr, fromTag: "callee", toTag: "caller");
        _guard.Verify(bye, RouteUri(bye), SipTransportKind.Udp, second.Endpoint, out var destination).Should().Be(DialogSide.Recipient);
        destination.Should().Be(Trunk);
        _guard.Verify(bye, RouteUri(bye), SipTransportKind.Udp, Upstream.Endpoint, out _).Should().Be(DialogSide.None);
    }

    [Fact]
    public void InDialogIdentity_RemovesAssertedIdentities_AndLeavesPpiToTheIdentityEditor()
    {
        var request = Parse("INVITE sip:x@127.0.0.1 SIP/2.0\r\nFrom: <sip:a@b>;tag=caller\r\nP-Asserted-Identity: <sip:+861000@b>\r\nTo: <sip:x@y>;tag=t\r\nP-Preferred-Identity: <sip:+862000@b>\r\nRemote-Party-ID: <sip:+863000@b>\r\nCall-ID: dlg-1\r\nCSeq: 3 INVITE\r\nContent-Length: 0\r\n\r\n");
        var editor = new SipGuard.Sip.Editing.SipMessageEditor();
        editor.Reset(request);

        InDialogIdentity.Strip(request, editor).Should().Be(2);

        var output = new byte[1024];
        editor.TryWrite(output, out var written).Should().BeTrue();
        var text = Encoding.ASCII.GetString(output, 0, written);
        text.Should().NotContain("P-Asserted").And.NotContain("Remote-Party").And.Contain("P-Preferred-Identity").And.Contain("Call-ID: dlg-1").And.Contain("From: <sip:a@b>;tag=caller");
    }

    private static SipUri RouteUri(SipMessage message)
    {
        var routes = message.GetValues(KnownHeader.Route);
        routes.MoveNext().Should().BeTrue();
        NameAddr.TryParse(message.Span, routes.Current, out var route).Should().BeTrue();
        return route.Uri;
    }

    private static SipMessage Parse(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var message = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, message).IsError.Should().BeFalse();
        return message;
    }
}
