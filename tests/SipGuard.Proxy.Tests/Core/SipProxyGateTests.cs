using System.Diagnostics.Metrics;
using System.Text;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>
/// The gate on the wire: requests the validator refuses get the RFC's answer and never reach the
/// upstream; broken upstream responses are dropped, counted, and never reach the caller.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class SipProxyGateTests
{
    public static TheoryData<string, string, string, int, string> Refused() => new()
    {
        // name, header line to replace (by name) or "" to add, the new line(s), status, Warning text
        { "two From (the second spoofed)", "", "From: <sip:+861066099999@127.0.0.2>;tag=spoof", 400, "Duplicate Single-Value Header: From" },
        { "two Max-Forwards", "", "Max-Forwards: 70", 400, "Duplicate Single-Value Header: Max-Forwards" },
        { "Max-Forwards: abc", "Max-Forwards", "Max-Forwards: abc", 400, "Bad Max-Forwards: Max-Forwards" },
        { "CSeq method differs", "CSeq", "CSeq: 1 BYE", 400, "CSeq Method Mismatch: CSeq" },
        { "negative Content-Length", "Content-Length", "Content-Length: -1", 400, "Bad Content-Length: Content-Length" },
        { "unterminated display name", "From", "From: \"Alice <sip:+861066022236@127.0.0.2>;tag=x", 400, "Bad From: From" },
        { "NUL in a header value", "User-Agent", "User-Agent: agent\0hidden", 400, "Control Character In Header: User-Agent" },
        { "invalid UTF-8 in a header value", "User-Agent", "User-Agent: agent \u00ff\u00fe", 400, "Invalid UTF-8 In Header: User-Agent" },
        { "Proxy-Require", "", "Proxy-Require: x-unknown", 420, "Bad Extension: Proxy-Require" },
        { "Max-Forwards: 0", "Max-Forwards", "Max-Forwards: 0", 483, "Too Many Hops: Max-Forwards" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task InvalidInvite_GetsTheRfcAnswerWithAWarningNamingTheProblem_NothingForwarded(
        string name, string replace, string line, int status, string warning)
    {
        await using var h = await ProxyHarness.StartAsync();
        var invite = Edit(Sip.Invite("gate-" + status, branch: "z9hG4bK-gate"), replace, line);
        h.Caller.Send(Encoding.Latin1.GetBytes(invite), ProxyHarness.ProxyEndPoint);

        var answer = await h.Caller.ReceiveAsync(name);

        Sip.StatusOf(answer).Should().Be(status, name);
        Sip.Header(answer, "Warning").Should().Be($"Warning: 399 sipguard \"{warning}\"", name);
        await h.ExpectNothingForwardedBeforeNextCallAsync(name + " is never forwarded");
    }

    [Fact]
    public async Task UnsupportedVersion_Gets505_AndAForeignScheme416()
    {
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("v-1", branch: "z9hG4bK-v1").Replace("@127.0.0.1:15060 SIP/2.0", "@127.0.0.1:15060 SIP/7.0", StringComparison.Ordinal), ProxyHarness.ProxyEndPoint);
        Sip.StatusOf(await h.Caller.ReceiveAsync("505")).Should().Be(505);

        h.Caller.Send(Sip.Invite("s-1", branch: "z9hG4bK-s1").Replace("INVITE sip:", "INVITE http:", StringComparison.Ordinal), ProxyHarness.ProxyEndPoint);
        Sip.StatusOf(await h.Caller.ReceiveAsync("416")).Should().Be(416);
        await h.ExpectNothingForwardedBeforeNextCallAsync("neither is forwarded");
    }

    [Fact]
    public async Task BrokenUpstreamResponse_IsDroppedAndCounted_TheCallerSeesOnlyTheValidOne()
    {
        using var counted = new InvalidMessageCounter("response");
        await using var h = await ProxyHarness.StartAsync();
        h.Caller.Send(Sip.Invite("resp-1"), ProxyHarness.ProxyEndPoint);
        var forwarded = await h.Upstream.ReceiveAsync("the forwarded INVITE");
        Sip.StatusOf(await h.Caller.ReceiveAsync("100 Trying")).Should().Be(100);

        var broken = Sip.Response(forwarded, 486, "Busy Here").Replace("Server: upstream-test\r\n", "Call-ID: another\r\n", StringComparison.Ordinal);
        h.Upstream.Send(broken, ProxyHarness.ProxyEndPoint);
        h.Upstream.Send(Sip.Response(forwarded, 180, "Ringing"), ProxyHarness.ProxyEndPoint);

        var relayed = await h.Caller.ReceiveAsync("the 180");
        Sip.StatusOf(relayed).Should().Be(180, "the 486 with two Call-IDs is not relayed");
        counted.Count.Should().Be(1);
    }

    private static string Edit(string message, string replace, string line)
    {
        if (replace.Length == 0)
        {
            return message.Replace("Call-ID:", line + "\r\nCall-ID:", StringComparison.Ordinal);
        }

        return message.Replace(Sip.Header(message, replace), line, StringComparison.Ordinal);
    }

    /// <summary>Counts sipguard.invalid_messages for one message kind (request/response) while alive.</summary>
    private sealed class InvalidMessageCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public InvalidMessageCounter(string message)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ProxyMetrics.MeterName && instrument.Name == "sipguard.invalid_messages")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "message" && (string?)tag.Value == message)
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
