using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Telemetry;

/// <summary>A real <see cref="SipProxy"/> compiled from YAML, fed INVITEs in memory, watched by an ActivityListener and a MeterListener.</summary>
public sealed class ScreeningSpanTests : IDisposable
{
    // A trunk name no other test uses: the ActivityListener is process-wide, so spans are picked by it.
    private const string Trunk = "span-test-line";
    private const string Spoofed = "+8613912345678";

    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
    private static readonly SipEndpoint Upstream = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5080));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricRecorder _recorder;
    private readonly ProxyMetrics _metrics;
    private readonly TimingWheel _wheel = new(new FakeTimeProvider(), TimeSpan.FromMilliseconds(10));
    private readonly RecordingTransport _transport = new();
    private readonly SipProxy _proxy;

    public ScreeningSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProxyMetrics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("sipguard.trunk") as string == Trunk)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _recorder = new MetricRecorder(meters);
        _metrics = new ProxyMetrics(meters);

        var yaml = $$"""
            listen: [ "udp://127.0.0.1:5060" ]
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
            trunks:
              {{Trunk}}:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            """;
        var loaded = ConfigLoader.Load(yaml, "span.yaml", Path.GetTempPath());
        var snapshot = new RuntimeCompiler().Compile(loaded.Config!, null).Snapshot!;
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        _proxy = new SipProxy(snapshot.Proxy, _transport, [listener], _wheel, new SipProxyOptions(1_000, SipParserLimits.Default), _metrics);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
        _recorder.Dispose();
        _wheel.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Rejected_invite_gives_one_span_with_trunk_decision_rule_and_status_and_no_number()
    {
        Send(Invite(Spoofed, "z9hG4bK-span1"));

        _transport.Sent.Should().Contain(s => s.StartsWith("SIP/2.0 403 ", StringComparison.Ordinal));
        var span = _spans.Should().ContainSingle().Subject;
        span.OperationName.Should().Be("sip.invite");
        span.GetTagItem("sip.response.status").Should().Be("403");
        span.GetTagItem("sipguard.decision").Should().Be("reject");
        span.GetTagItem("sipguard.rule").Should().Be("caller-not-allowed");
        span.GetTagItem("sip.status").Should().Be("403");
        span.Status.Should().Be(ActivityStatusCode.Error);
        foreach (var tag in span.TagObjects)
        {
            (tag.Value?.ToString() ?? "").Should().NotContain("13912345678", "a phone number is never a span attribute");
        }
    }

    [Fact]
    public void Allowed_invite_span_lasts_until_the_final_response_and_the_call_is_counted_by_trunk_decision_and_reason()
    {
        Send(Invite("+861066022236", "z9hG4bK-span2"));
        _spans.Should().BeEmpty("the transaction is still waiting for its final response");

        var forwarded = _transport.Sent.Single(m => m.StartsWith("INVITE ", StringComparison.Ordinal));
        Send(Answer(forwarded, "180 Ringing"), Upstream);
        _spans.Should().BeEmpty("a provisional response does not end the transaction");
        Send(Answer(forwarded, "200 OK"), Upstream);

        var span = _spans.Should().ContainSingle().Subject;
        span.GetTagItem("sipguard.decision").Should().Be("allow");
        span.GetTagItem("sip.response.status").Should().Be("200");
        var call = _recorder.Measurements.Single(m => m.Instrument == "sipguard.calls");
        call.Tags.Keys.Should().BeEquivalentTo("trunk", "decision", "reason");
        call.Tags["trunk"].Should().Be(Trunk);
        call.Tags["decision"].Should().Be("allow");
        _recorder.Measurements.Should().Contain(m => m.Instrument == "sipguard.decision.duration");
    }

    private void Send(string text, SipEndpoint? from = null) =>
        _proxy.OnPacket(new InboundPacket(Encoding.ASCII.GetBytes(text), from ?? Caller, Local, 0, SipTransportKind.Udp, 0));

    /// <summary>The upstream's response to a forwarded INVITE: its Vias, From, To (tagged), Call-ID and CSeq.</summary>
    private static string Answer(string forwarded, string statusLine)
    {
        var copied = forwarded.Split("\r\n")
            .Where(l => l.StartsWith("Via:", StringComparison.Ordinal) || l.StartsWith("From:", StringComparison.Ordinal) ||
                        l.StartsWith("Call-ID:", StringComparison.Ordinal) || l.StartsWith("CSeq:", StringComparison.Ordinal))
            .Append(forwarded.Split("\r\n").Single(l => l.StartsWith("To:", StringComparison.Ordinal)) + ";tag=callee");
        return $"SIP/2.0 {statusLine}\r\n{string.Join("\r\n", copied)}\r\nContent-Length: 0\r\n\r\n";
    }

    private static string Invite(string caller, string branch) =>
        $"INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch={branch}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{caller}@127.0.0.2>;tag=f-{branch}\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {branch}@test\r\nCSeq: 1 INVITE\r\nContact: <sip:{caller}@127.0.0.2:5070>\r\nContent-Length: 0\r\n\r\n";

    private sealed class RecordingTransport : ISipTransport
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            Sent.Enqueue(Encoding.ASCII.GetString(bytes));
            return SendResult.Sent;
        }
    }
}
