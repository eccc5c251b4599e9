using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Hosting;
using SipGuard.Proxy.Core;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Evidence;

/// <summary><c>evidence.on_overflow: reject</c>: a monitor-flagged call that cannot be recorded is not let through.</summary>
public sealed class FailClosedTests : IDisposable
{
    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 5070));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

    private readonly EvidenceFixture _evidence = new();
    private readonly TimingWheel _wheel = new(new FakeTimeProvider(), TimeSpan.FromMilliseconds(10));

    public void Dispose()
    {
        _wheel.Dispose();
        _evidence.Dispose();
    }

    [Fact]
    public async Task Monitor_flagged_call_is_answered_503_when_its_record_cannot_be_queued()
    {
        // A one-record queue whose writer never runs: the first record fits, the second does not.
        var log = new EvidenceLog(_evidence.Settings(overflow: EvidenceOverflow.Reject, capacity: 1), new FakeTimeProvider(), NullLogger<EvidenceLog>.Instance);
        var sent = new ConcurrentQueue<string>();
        var proxy = Proxy(log, sent);

        Send(proxy, "fc-1");
        Send(proxy, "fc-2");

        sent.Should().Contain(m => m.StartsWith("INVITE ", StringComparison.Ordinal) && m.Contains("fc-1@test", StringComparison.Ordinal), "the recorded call is forwarded (monitor mode)");
        sent.Should().NotContain(m => m.StartsWith("INVITE ", StringComparison.Ordinal) && m.Contains("fc-2@test", StringComparison.Ordinal), "the unrecorded one is not");
        var refused = sent.Single(m => m.StartsWith("SIP/2.0 503 ", StringComparison.Ordinal));
        refused.Should().Contain("Call-ID: fc-2@test").And.Contain("\"evidence-unavailable\"");
        log.Dropped.Should().Be(1);
        await log.DisposeAsync();
    }

    private SipProxy Proxy(EvidenceLog log, ConcurrentQueue<string> sent)
    {
        var yaml = """
            listen: [ "udp://127.0.0.1:5060" ]
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
            trunks:
              monitor-line:
                kind: private-line
                sources: [ "127.0.0.4/32" ]
                upstream: callcenter
                mode: monitor
                allowed_callers: [ "+861066022236" ]
            """;
        var loaded = ConfigLoader.Load(yaml, "failclosed.yaml", Path.GetTempPath());
        var snapshot = new RuntimeCompiler().Compile(loaded.Config!, null).Snapshot!;
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        return new SipProxy(snapshot.Proxy, new Recording(sent), [listener], _wheel, new SipProxyOptions(100, SipParserLimits.Default), observer: log);
    }

    private static void Send(SipProxy proxy, string id)
    {
        var invite = $"INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.4:5070;branch=z9hG4bK-{id}\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:+8613912345678@127.0.0.4>;tag=f-{id}\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
            $"Call-ID: {id}@test\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        proxy.OnPacket(new InboundPacket(Encoding.ASCII.GetBytes(invite), Caller, Local, 0, SipTransportKind.Udp, 0));
    }

    private sealed class Recording(ConcurrentQueue<string> sent) : ISipTransport
    {
        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            sent.Enqueue(Encoding.ASCII.GetString(bytes));
            return SendResult.Sent;
        }
    }
}
