using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Tests.Core;
using Wire = SipGuard.Proxy.Tests.Core.Sip;

namespace SipGuard.Proxy.Tests.Redirect;

/// <summary>
/// The proxy harness in <c>role: redirect</c>, with a grey list (<c>+861066024444</c>, label
/// "suspected fraud") on top of the one trunk, and the exchanges every redirect test needs.
/// </summary>
internal static class RedirectWire
{
    public const string Grey = "+861066024444";

    public static Task<ProxyHarness> StartAsync(RecordingObserver? observer = null, Func<ProxyConfig, ProxyConfig>? proxyChange = null) =>
        ProxyHarness.StartAsync(
            policy: p =>
            {
                File.WriteAllText(Path.Combine(p.BaseDirectory, "grey.txt"), $"{Grey}\n");
                return p with { Lists = [.. p.Lists, new ListConfig("grey", "grey.txt", ListAction.Tag, 0, "suspected fraud", [])] };
            },
            proxyChange: c => (proxyChange ?? (x => x))(c with { Role = ProxyRole.Redirect }),
            observer: observer);

    /// <summary>
    /// Proves nothing reached the upstream: an OPTIONS keep-alive is answered on the same receive
    /// thread after every earlier datagram was handled, and loopback delivers a send at once, so
    /// anything sent upstream before it would be waiting in the upstream's socket.
    /// </summary>
    public static async Task ExpectNothingSentUpstreamAsync(ProxyHarness h, string reason)
    {
        var barrier = "barrier-" + Guid.NewGuid().ToString("N");
        h.Caller.Send(KeepAlive(barrier), ProxyHarness.ProxyEndPoint);
        byte[] answer;
        do
        {
            answer = await h.Caller.ReceiveAsync("the barrier OPTIONS' 200");
        }
        while (Wire.Header(answer, "Call-ID") != "Call-ID: " + barrier);

        Wire.StatusOf(answer).Should().Be(200);

        h.Upstream.Pending.Should().Be(0, reason);
    }

    public static string KeepAlive(string callId) =>
        "OPTIONS sip:127.0.0.1:15060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.2:15070;branch=z9hG4bK-{callId}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{Wire.AllowedCaller}@127.0.0.2>;tag=ka\r\n" +
        "To: <sip:127.0.0.1:15060>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";
}
