using System.Net;
using System.Text;
using SipGuard.Proxy.Tests.Core;
using SipText = SipGuard.Proxy.Tests.Core.Sip;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Resilience;

/// <summary>A receive queue that backs up sheds new calls with 503 + Retry-After; work in progress still flows.</summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class ReceiveBacklogTests
{
    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 15171));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(FailoverHarness.ProxyEndPoint);

    [Fact]
    public async Task NewInvite_FromABackedUpQueue_Gets503WithRetryAfter_AndNothingIsForwarded()
    {
        await using var h = await FailoverHarness.StartAsync();
        var backlogged = Encoding.ASCII.GetBytes(FailoverHarness.Invite("bl-1"));

        h.Proxy.OnPacket(new InboundPacket(backlogged, Caller, Local, 0, SipTransportKind.Udp, 0, receiveBacklogged: true));
        var answer = await h.Caller.ReceiveStatusAsync(503);

        SipText.HasHeader(answer, "Retry-After").Should().BeTrue();
        SipText.Header(answer, "Warning").Should().Contain("\"overload\"");

        // The next call, from a queue that has caught up, is the first thing the upstream sees.
        h.Caller.Send(FailoverHarness.Invite("bl-2"), FailoverHarness.ProxyEndPoint);
        var forwarded = await FailoverHarness.NextInviteAsync(h.First, "bl-2");
        SipText.Header(forwarded, "Call-ID").Should().Contain("bl-2");
    }
}
