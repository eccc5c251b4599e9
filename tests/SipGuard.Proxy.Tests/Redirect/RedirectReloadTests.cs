using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Tests.Core;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>The role is part of the snapshot: a reload switches it for the next INVITE, as any other key.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class RedirectReloadTests
{
    [Fact]
    public async Task AReloadToRedirect_AnswersTheNextInvite302_AfterAForwardedOne()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Wire.Invite("before-reload", branch: "z9hG4bK-before"), ProxyHarness.ProxyEndPoint);
        Wire.Header(await h.Upstream.ReceiveAsync("the INVITE forwarded in proxy role"), "Call-ID").Should().Be("Call-ID: before-reload");

        var redirect = ProxySnapshotBuilder.Build(ProxyHarness.DefaultProxyConfig() with { Role = ProxyRole.Redirect }, h.Proxy.Snapshot.Policy, out var errors);
        errors.Should().BeEmpty();
        h.Proxy.Update(redirect!);
        h.Caller.Send(Wire.Invite("after-reload", branch: "z9hG4bK-after"), ProxyHarness.ProxyEndPoint);

        byte[] answer;
        do
        {
            answer = await h.Caller.ReceiveAsync("the 302 after the reload"); // the first call's 100 Trying may come first
        }
        while (Wire.Header(answer, "Call-ID") != "Call-ID: after-reload");

        Wire.StartLine(answer).Should().Be("SIP/2.0 302 Moved Temporarily");
        Wire.Header(answer, "Contact").Should().Be("Contact: <sip:4008001234@127.0.0.1:15080>;sipguard-verdict=allow");
    }
}
