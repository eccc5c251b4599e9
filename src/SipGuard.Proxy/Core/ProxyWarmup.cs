using System.Diagnostics;
using System.Net;
using System.Text;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Runs synthetic calls through a private proxy before the listeners open, so the JIT has compiled
/// and tiered up the call path before the first real INVITE: without it the first seconds of traffic
/// pay for compilation, in latency and CPU (measured: 0.84 s of CPU per 1000 calls in the first 15 s
/// at 300 calls/s, against 0.33 once warm). Nothing leaves the process: the transport is a stub, the
/// policy a small one of its own, and the meter is not SipGuard's.
/// </summary>
public static class ProxyWarmup
{
    // The runtime starts counting calls towards tier-1 only after 100 ms without new tier-0
    // compilations, so one burst of calls would leave the path at tier 0: run a few rounds with a
    // pause between them, giving tier 0, the instrumented tier and tier 1 their turns.
    private const int Rounds = 4;
    private static readonly TimeSpan TieringPause = TimeSpan.FromMilliseconds(150);

    private const string Allowed = "+861066022236";
    private const string Spoofed = "+8613912345678";
    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
    private static readonly SipEndpoint Upstream = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 5090));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

    /// <summary>Runs <paramref name="calls"/> calls a round (half forwarded and answered 486, half rejected 403); returns how long it took.</summary>
    public static TimeSpan Run(ListCache lists, int calls = 1500, int rounds = Rounds)
    {
        var started = Stopwatch.GetTimestamp();
        var policy = PolicyCompiler.Compile(
            new PolicyConfig(
                NumberingConfig.Default,
                [new TrunkConfig("warmup", TrunkKind.PrivateLine, ["127.0.0.2/32"], TrunkMode.Enforce, [Allowed], false, null, [], null)],
                [],
                [],
                Path.GetTempPath()),
            lists);
        var config = new ProxyConfig(
            [
                new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 5060, "udp://127.0.0.1:5060"),
                new ListenerConfig(SipTransportKind.Tcp, IPAddress.Loopback, 5060, "tcp://127.0.0.1:5060"),
            ],
            [new UpstreamConfig("warmup", [new UpstreamTargetConfig("sip:127.0.0.3:5090;transport=tcp", SipTransportKind.Tcp, "127.0.0.3", 5090, 0, 1)], [], null)],
            RecordRoute: true,
            MaxTransactions: (calls * rounds * 2) + 64, // UDP transactions linger; the private wheel is dropped before they end
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["warmup"] = "warmup" },
        };
        var snapshot = policy.Snapshot is null ? null : ProxySnapshotBuilder.Build(config, policy.Snapshot, out _);
        if (snapshot is null)
        {
            return Stopwatch.GetElapsedTime(started);
        }

        var transport = new StubTransport();
        using var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        using var metrics = new ProxyMetrics(meterName: "SipGuard.Proxy.Warmup");
        var listeners = new[] { new ListenerUri(SipTransportKind.Udp, IPAddress.Loopback, 5060), new ListenerUri(SipTransportKind.Tcp, IPAddress.Loopback, 5060) };
        var proxy = new SipProxy(snapshot, transport, listeners, wheel, new SipProxyOptions(config.MaxTransactions, SipParserLimits.Default), metrics);
        var reply = new LocalReplyBuilder();
        var forwarded = new SipMessage();
        var response = new byte[8 * 1024];
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0)
            {
                Thread.Sleep(TieringPause);
            }

            RunRound(proxy, transport, reply, forwarded, response, round * calls, calls);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static void RunRound(SipProxy proxy, StubTransport transport, LocalReplyBuilder reply, SipMessage forwarded, byte[] response, int first, int calls)
    {
        for (var call = first; call < first + calls; call++)
        {
            var caller = call % 2 == 0 ? Allowed : Spoofed;
            var kind = call % 4 < 2 ? SipTransportKind.Udp : SipTransportKind.Tcp;
            var invite = Encoding.ASCII.GetBytes(Invite(call, caller, kind));
            Deliver(proxy, invite, Caller, kind);
            if (transport.ForwardedLength > 0 &&
                !SipParser.Parse(transport.Forwarded, 0, transport.ForwardedLength, SipParserLimits.Default, forwarded, SipFramingMode.Stream).IsError &&
                reply.TryWrite(forwarded, 486, "Busy Here"u8, "warm"u8, response, out var length))
            {
                Deliver(proxy, response.AsSpan(0, length), Upstream, SipTransportKind.Tcp);
            }

            Deliver(proxy, Encoding.ASCII.GetBytes(Ack(call, caller, kind)), Caller, kind);
            transport.ForwardedLength = 0;
        }
    }

    private static void Deliver(SipProxy proxy, ReadOnlySpan<byte> bytes, SipEndpoint from, SipTransportKind kind)
    {
        var connection = kind == SipTransportKind.Udp ? 0 : from == Caller ? 1 : 2;
        var packet = new InboundPacket(bytes, from, Local, kind == SipTransportKind.Udp ? 0 : 1, kind, connection);
        proxy.OnPacket(packet);
    }

    private static string Invite(int call, string caller, SipTransportKind kind) =>
        $"INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/{kind.ToString().ToUpperInvariant()} 127.0.0.2:5070;branch=z9hG4bK-warm{call}\r\n" +
        $"From: <sip:{caller}@127.0.0.2>;tag=w{call}\r\nTo: <sip:4008001234@127.0.0.1>\r\nCall-ID: warm-{call}@127.0.0.2\r\n" +
        $"CSeq: 1 INVITE\r\nContact: <sip:{caller}@127.0.0.2:5070;transport=tcp>\r\nMax-Forwards: 70\r\n" +
        $"P-Asserted-Identity: <sip:{caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private static string Ack(int call, string caller, SipTransportKind kind) =>
        $"ACK sip:4008001234@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/{kind.ToString().ToUpperInvariant()} 127.0.0.2:5070;branch=z9hG4bK-warm{call}\r\n" +
        $"From: <sip:{caller}@127.0.0.2>;tag=w{call}\r\nTo: <sip:4008001234@127.0.0.1>;tag=warm\r\nCall-ID: warm-{call}@127.0.0.2\r\n" +
        "CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    /// <summary>Sends nothing; keeps the last forwarded INVITE so the warm-up can answer it.</summary>
    private sealed class StubTransport : ISipTransport
    {
        public byte[] Forwarded { get; } = new byte[64 * 1024];

        public int ForwardedLength { get; set; }

        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            if (bytes.StartsWith("INVITE "u8) && bytes.Length <= Forwarded.Length)
            {
                bytes.CopyTo(Forwarded);
                ForwardedLength = bytes.Length;
            }

            return SendResult.Sent;
        }
    }
}
