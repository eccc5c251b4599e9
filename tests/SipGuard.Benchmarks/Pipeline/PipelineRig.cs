using System.Buffers.Text;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>
/// A whole <see cref="SipProxy"/> compiled from YAML like the host does, on a <see cref="CountingTransport"/>, fed
/// INVITEs through <see cref="SipProxy.OnPacket"/>. Each INVITE gets a fresh branch and Call-ID so every one is a
/// new transaction; fake time is advanced past every timer now and then so the table never fills.
/// </summary>
internal sealed class PipelineRig : IDisposable
{
    private const int FlushEvery = 4096;
    private const string Yaml = """
        listen: [ "udp://127.0.0.1:5060" ]
        numbering: { country: CN }
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.2/32" ]
            upstream: callcenter
            allowed_callers: [ "+861066022236", "+86106602*" ]
        """;

    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

    private readonly FakeTimeProvider _time = new();
    private readonly TimingWheel _wheel;
    private readonly byte[] _allowed;
    private readonly byte[] _spoofed;
    private readonly int[] _allowedIdAt;
    private readonly int[] _spoofedIdAt;
    private uint _sequence;

    public PipelineRig(ProxyMetrics metrics, IScreeningObserver? observer)
    {
        var loaded = ConfigLoader.Load(Yaml, "bench.yaml", Path.GetTempPath());
        var compiled = new RuntimeCompiler().Compile(loaded.Config ?? throw new InvalidOperationException(string.Join('\n', loaded.Errors)), null);
        var snapshot = compiled.Snapshot ?? throw new InvalidOperationException(string.Join('\n', compiled.Errors));
        _ = ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _);
        // A coarse tick: precision does not matter here, and each fake-time advance fires every tick in between.
        _wheel = new TimingWheel(_time, TimeSpan.FromMilliseconds(250));
        Transport = new CountingTransport();
        Proxy = new SipProxy(snapshot.Proxy, Transport, [listener], _wheel, new SipProxyOptions(65_536, SipParserLimits.Default), metrics, observer);
        (_allowed, _allowedIdAt) = Invite("+861066022236");
        (_spoofed, _spoofedIdAt) = Invite("+8613912345678");
    }

    public SipProxy Proxy { get; }

    public CountingTransport Transport { get; }

    public void SendAllowed() => Send(_allowed, _allowedIdAt);

    public void SendSpoofed() => Send(_spoofed, _spoofedIdAt);

    public void Dispose() => _wheel.Dispose();

    private void Send(byte[] invite, int[] idAt)
    {
        var id = ++_sequence;
        foreach (var at in idAt)
        {
            _ = Utf8Formatter.TryFormat(id, invite.AsSpan(at, 8), out _, new System.Buffers.StandardFormat('X', 8));
        }

        Proxy.OnPacket(new InboundPacket(invite, Caller, Local, 0, SipTransportKind.Udp, 0));
        if (id % FlushEvery == 0)
        {
            // Past Timer B/C/H and the lingering states: every transaction of this batch ends.
            _time.Advance(TimeSpan.FromMinutes(4));
        }
    }

    private static (byte[] Bytes, int[] IdAt) Invite(string caller)
    {
        const string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 16000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        var text = new StringBuilder()
            .Append("INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-00000000\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append($"From: \"Acme\" <sip:{caller}@127.0.0.2>;tag=f1\r\n")
            .Append("To: <sip:4008001234@127.0.0.1>\r\n")
            .Append("Call-ID: 00000000@bench\r\n")
            .Append("CSeq: 1 INVITE\r\n")
            .Append($"P-Asserted-Identity: <sip:{caller}@127.0.0.2>\r\n")
            .Append($"Contact: <sip:{caller}@127.0.0.2:5070>\r\n")
            .Append("Content-Type: application/sdp\r\n")
            .Append($"Content-Length: {body.Length}\r\n\r\n")
            .Append(body)
            .ToString();
        var bytes = Encoding.ASCII.GetBytes(text);
        int[] idAt = [text.IndexOf("-00000000", StringComparison.Ordinal) + 1, text.IndexOf("Call-ID: ", StringComparison.Ordinal) + 9];
        return (bytes, idAt);
    }
}
