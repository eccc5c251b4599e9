using SipGuard.Proxy.Tests.Core;
using SipGuard.Proxy.Tests.Resilience;
using SipText = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Security;

/// <summary>A CANCEL is matched by the INVITE's Via, which another line can copy: only the INVITE's own sender may cancel it.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class CancelOriginTests
{
    [Fact]
    public async Task AnotherLinesCancel_WithTheInvitesVia_Gets481_AndTheCallIsAnswered()
    {
        await using var h = await FailoverHarness.StartAsync(secondTarget: false);
        var invite = FailoverHarness.Invite("xcancel-1");
        h.Caller.Send(invite, FailoverHarness.ProxyEndPoint);
        var forwarded = await FailoverHarness.NextInviteAsync(h.First, "xcancel-1");

        h.OtherCaller.Send(SipText.SameBranch("CANCEL", invite), FailoverHarness.ProxyEndPoint);
        SipText.StatusOf(await h.OtherCaller.ReceiveStatusAsync(481)).Should().Be(481);

        h.First.Send(SipText.Response(forwarded, 200, "OK"), FailoverHarness.ProxyEndPoint);
        var final = await h.Caller.ReceiveStatusAsync(200);
        SipText.StatusOf(final).Should().Be(200, "no CANCEL reached the upstream");
    }

    [Fact]
    public async Task TheCallersOwnCancel_IsAnswered200_AndCancelsUpstream()
    {
        await using var h = await FailoverHarness.StartAsync(secondTarget: false);
        var invite = FailoverHarness.Invite("xcancel-2");
        h.Caller.Send(invite, FailoverHarness.ProxyEndPoint);
        var forwarded = await FailoverHarness.NextInviteAsync(h.First, "xcancel-2");
        h.First.Send(SipText.Response(forwarded, 180, "Ringing"), FailoverHarness.ProxyEndPoint);
        await h.Caller.ReceiveStatusAsync(180);

        h.Caller.Send(SipText.SameBranch("CANCEL", invite), FailoverHarness.ProxyEndPoint);
        var cancel = await h.First.ReceiveAsync("the CANCEL");

        SipText.StartLine(cancel).Should().StartWith("CANCEL ");
    }
}
