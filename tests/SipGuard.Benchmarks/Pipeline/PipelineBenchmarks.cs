using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>
/// The whole in-memory pipeline, one call per operation: <see cref="SipProxy.OnPacket"/> parses, matches
/// the transaction, screens with the policy, edits and writes the forwarded INVITE; only the sockets are
/// replaced (<see cref="CountingTransport"/>). Every call is completed so the transaction table does not
/// fill: the allowed call is answered 486 by the "upstream" and ACKed by the caller; the spoofed call
/// gets 403 from the proxy and the caller's ACK. Both legs use TCP, where Timers D and I are 0 (RFC 3261
/// §17), so a completed transaction is freed at once; over UDP it would linger 5-32 s on the wheel and
/// a benchmark doing ~100 k calls/s would need millions of slots. Branch and Call-ID change per call.
/// The upstream sits on another loopback address than the caller: over TCP the proxy tells an
/// upstream's messages by address alone (source ports are ephemeral), so a caller on the upstream's
/// address would be taken for the upstream.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const string Counter = "000000000000";
    private const string Sdp =
        "v=0\r\no=- 3868393562 3868393562 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";

    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5062));
    private static readonly SipEndpoint Upstream = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 5090));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));

    private readonly CountingTransport _transport = new();
    private readonly byte[] _response = new byte[8 * 1024];
    private TimingWheel _wheel = null!;
    private SipProxy _proxy = null!;
    private Message _allowedInvite = null!;
    private Message _spoofedInvite = null!;
    private Message _ack = null!;
    private Message _busyTail = null!;
    private string _listFile = null!;
    private long _call;

    [GlobalSetup]
    public void Setup()
    {
        // A small list file so the list lookup runs; the 10-million-entry case is PolicyDecisionBenchmarks'.
        _listFile = Path.Combine(Path.GetTempPath(), $"sipguard-pipeline-bench-{Environment.ProcessId}.txt");
        File.WriteAllText(_listFile, "+8613627307443\n+8613974620390\n+8619912000001\n");
        var policyConfig = new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("trunk-loopback", TrunkKind.PrivateLine, ["127.0.0.1/32"], TrunkMode.Enforce,
                ["+86106552*", "+8619912*", "+861581234*", "+8613501234567", "+861066022236"], false, null, [], null)],
            ["+8619912000099"],
            [new ListConfig("bench-blacklist", _listFile, ListAction.Reject, 608, null, [])],
            Path.GetTempPath());
        var policy = PolicyCompiler.Compile(policyConfig);
        if (!policy.Succeeded)
        {
            throw new InvalidOperationException(string.Join('\n', policy.Errors));
        }

        var proxyConfig = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Tcp, IPAddress.Loopback, 5060, "tcp://127.0.0.1:5060")],
            [new UpstreamConfig("bench-uas", [new UpstreamTargetConfig("sip:127.0.0.3:5090;transport=tcp", SipTransportKind.Tcp, "127.0.0.3", 5090, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null)],
            RecordRoute: true,
            MaxTransactions: 100_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["trunk-loopback"] = "bench-uas" },
        };
        var snapshot = ProxySnapshotBuilder.Build(proxyConfig, policy.Snapshot!, out var errors)
            ?? throw new InvalidOperationException(string.Join('\n', errors));

        _wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        _proxy = new SipProxy(
            snapshot,
            _transport,
            [new ListenerUri(SipTransportKind.Tcp, IPAddress.Loopback, 5060)],
            _wheel,
            new SipProxyOptions(100_000, SipParserLimits.Default));

        _allowedInvite = new Message(Invite("+8619912345678", "+8619912345678"));
        _spoofedInvite = new Message(Invite("+8619912345678", "+8613912345678"));
        _ack = new Message(
            "ACK sip:+861066022236@127.0.0.1:5060 SIP/2.0\r\n" +
            $"Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK-bench-{Counter}\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:+8619912345678@127.0.0.1>;tag=caller1\r\n" +
            "To: <sip:+861066022236@127.0.0.1>;tag=callee1\r\n" +
            $"Call-ID: {Counter}@bench\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n");
        _busyTail = new Message(
            $"Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK-bench-{Counter}\r\n" +
            "From: <sip:+8619912345678@127.0.0.1>;tag=caller1\r\n" +
            "To: <sip:+861066022236@127.0.0.1>;tag=callee1\r\n" +
            $"Call-ID: {Counter}@bench\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n");

        // Prove each flow does what its name says and leaves no transaction behind.
        _transport.CaptureText = true;
        Expect(AllowedCall_ForwardedAnswered486(), 486, "allowed call");
        Expect(SpoofedCall_Rejected403(), 403, "spoofed call");
        _transport.CaptureText = false;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wheel.Dispose();
        File.Delete(_listFile);
    }

    /// <summary>INVITE forwarded upstream, 486 relayed back (and ACKed upstream), the caller's ACK absorbed.</summary>
    [Benchmark]
    public int AllowedCall_ForwardedAnswered486()
    {
        var n = ++_call;
        _allowedInvite.Stamp(n);
        _proxy.OnPacket(new InboundPacket(_allowedInvite.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));

        // The upstream answers with the proxy's own Via (the top one of the forwarded INVITE) above the caller's.
        var length = BusyResponse(n);
        _proxy.OnPacket(new InboundPacket(_response.AsSpan(0, length), Upstream, Local, 0, SipTransportKind.Tcp, 2));

        _ack.Stamp(n);
        _proxy.OnPacket(new InboundPacket(_ack.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));
        return _transport.LastStatus;
    }

    /// <summary>A foreign From under an allowed PAI: 403 from the proxy, then the caller's ACK.</summary>
    [Benchmark]
    public int SpoofedCall_Rejected403()
    {
        var n = ++_call;
        _spoofedInvite.Stamp(n);
        _proxy.OnPacket(new InboundPacket(_spoofedInvite.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));
        var status = _transport.LastStatus;
        _ack.Stamp(n);
        _proxy.OnPacket(new InboundPacket(_ack.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));
        return status;
    }

    private static string Invite(string pai, string from) =>
        "INVITE sip:+861066022236@127.0.0.1:5060;user=phone SIP/2.0\r\n" +
        $"Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK-bench-{Counter}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: \"Bench\" <sip:{from}@127.0.0.1;user=phone>;tag=caller1\r\n" +
        "To: <sip:+861066022236@127.0.0.1;user=phone>\r\n" +
        $"Call-ID: {Counter}@bench\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:bench@127.0.0.1:5062;transport=tcp>\r\n" +
        $"P-Asserted-Identity: <sip:{pai}@127.0.0.1;user=phone>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n" +
        "User-Agent: SipGuard pipeline benchmark\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Sdp.Length}\r\n" +
        "\r\n" + Sdp;

    private int BusyResponse(long n)
    {
        var invite = _transport.LastInvite;
        if (invite.IsEmpty)
        {
            throw new InvalidOperationException($"the INVITE was not forwarded; sends {_transport.Sends}, last response {_transport.LastResponseText}");
        }

        var start = invite.IndexOf("\r\nVia:"u8) + 2;
        var end = start + invite[start..].IndexOf("\r\n"u8) + 2;
        var output = _response.AsSpan();
        var status = "SIP/2.0 486 Busy Here\r\n"u8;
        status.CopyTo(output);
        var length = status.Length;
        invite[start..end].CopyTo(output[length..]);
        length += end - start;
        _busyTail.Stamp(n);
        _busyTail.Bytes.CopyTo(output[length..]);
        return length + _busyTail.Bytes.Length;
    }

    private void Expect(int status, int expected, string what)
    {
        if (status != expected || _proxy.ActiveTransactions != 0)
        {
            throw new InvalidOperationException($"{what}: expected {expected} and no transaction left, got {status} with {_proxy.ActiveTransactions} active");
        }
    }

    /// <summary>A message template whose 12-digit counters (branch, Call-ID) are rewritten in place per call.</summary>
    private sealed class Message
    {
        private readonly int[] _counters;

        public Message(string text)
        {
            Bytes = Encoding.ASCII.GetBytes(text);
            var found = new List<int>();
            for (var at = text.IndexOf(Counter, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Counter, at + Counter.Length, StringComparison.Ordinal))
            {
                found.Add(at);
            }

            _counters = [.. found];
        }

        public byte[] Bytes { get; }

        public void Stamp(long n)
        {
            foreach (var at in _counters)
            {
                var v = n;
                for (var i = Counter.Length - 1; i >= 0; i--)
                {
                    Bytes[at + i] = (byte)('0' + (v % 10));
                    v /= 10;
                }
            }
        }
    }
}
