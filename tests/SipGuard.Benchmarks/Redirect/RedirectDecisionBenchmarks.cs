using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using SipGuard.Benchmarks.Pipeline;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Proxy.Core;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Benchmarks.Redirect;

/// <summary>
/// One redirect decision per operation, on the whole in-memory pipeline of a <see cref="SipProxy"/> in
/// <c>role: redirect</c> compiled from YAML as the host does (only the sockets are replaced by
/// <see cref="CountingTransport"/>): the INVITE is parsed, gated, screened, a target chosen, and
/// answered 302 with its Contact (or 403), then the caller's ACK is absorbed. Over TCP, where Timer I
/// is 0, the ACK frees the transaction at once, so the table never fills. Branch and Call-ID change
/// per call. Target: 0 B allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class RedirectDecisionBenchmarks
{
    private const string Yaml = """
        role: redirect
        listen: [ "tcp://127.0.0.1:5060" ]
        numbering: { country: CN }
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.3:5090;transport=tcp" ] }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.1/32" ]
            upstream: callcenter
            allowed_callers: [ "+86106602*" ]
        """;

    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5062));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));
    private static readonly StandardFormat Hex = new('X', 8);

    private readonly CountingTransport _transport = new();
    private TimingWheel _wheel = null!;
    private SipProxy _proxy = null!;
    private (byte[] Bytes, int[] IdAt) _allowed;
    private (byte[] Bytes, int[] IdAt) _spoofed;
    private (byte[] Bytes, int[] IdAt) _ack;
    private uint _call;

    [GlobalSetup]
    public void Setup()
    {
        var loaded = ConfigLoader.Load(Yaml, "bench.yaml", Path.GetTempPath());
        var compiled = new RuntimeCompiler().Compile(loaded.Config ?? throw new InvalidOperationException(string.Join('\n', loaded.Errors)), null);
        var snapshot = compiled.Snapshot ?? throw new InvalidOperationException(string.Join('\n', compiled.Errors));
        _wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        _proxy = new SipProxy(snapshot.Proxy, _transport, [new ListenerUri(SipTransportKind.Tcp, IPAddress.Loopback, 5060)], _wheel, new SipProxyOptions(100_000, SipParserLimits.Default));
        _allowed = Template(Invite("+861066022236"));
        _spoofed = Template(Invite("+8613912345678"));
        _ack = Template(
            "ACK sip:4008001234@127.0.0.1:5060 SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK-bench-00000000\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:+861066022236@127.0.0.1>;tag=caller1\r\n" +
            "To: <sip:4008001234@127.0.0.1>;tag=sg1\r\n" +
            "Call-ID: 00000000@bench\r\n" +
            "CSeq: 1 ACK\r\n" +
            "Content-Length: 0\r\n\r\n");

        // Prove each flow does what its name says and leaves no transaction behind.
        _transport.CaptureText = true;
        Expect(AllowedCall_Redirected302(), 302, "allowed call", "Contact: <sip:4008001234@127.0.0.3:5090;transport=tcp>;sipguard-verdict=allow");
        Expect(SpoofedCall_Rejected403(), 403, "spoofed call", "Warning: 399 sipguard");
        _transport.CaptureText = false;
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    /// <summary>INVITE screened and answered 302 with a Contact at the chosen target; the caller's ACK absorbed.</summary>
    [Benchmark]
    public int AllowedCall_Redirected302() => Call(_allowed);

    /// <summary>INVITE from a number outside the trunk: 403 with the rule's Warning; the caller's ACK absorbed.</summary>
    [Benchmark]
    public int SpoofedCall_Rejected403() => Call(_spoofed);

    private int Call((byte[] Bytes, int[] IdAt) invite)
    {
        var n = ++_call;
        Stamp(invite, n);
        _proxy.OnPacket(new InboundPacket(invite.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));
        var status = _transport.LastStatus;
        Stamp(_ack, n);
        _proxy.OnPacket(new InboundPacket(_ack.Bytes, Caller, Local, 0, SipTransportKind.Tcp, 1));
        return status;
    }

    private static void Stamp((byte[] Bytes, int[] IdAt) message, uint n)
    {
        foreach (var at in message.IdAt)
        {
            _ = Utf8Formatter.TryFormat(n, message.Bytes.AsSpan(at, 8), out _, Hex);
        }
    }

    private void Expect(int status, int expected, string what, string header)
    {
        if (status != expected || _proxy.ActiveTransactions != 0 || !_transport.LastResponseText.Contains(header, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what}: expected {expected} with '{header}' and no transaction left, got {status} with {_proxy.ActiveTransactions} active:\n{_transport.LastResponseText}");
        }
    }

    private static string Invite(string from) =>
        "INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK-bench-00000000\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: \"Bench\" <sip:{from}@127.0.0.1>;tag=caller1\r\n" +
        "To: <sip:4008001234@127.0.0.1>\r\n" +
        "Call-ID: 00000000@bench\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:bench@127.0.0.1:5062;transport=tcp>\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>The message's bytes and where its two 8-digit counters (branch, Call-ID) start.</summary>
    private static (byte[] Bytes, int[] IdAt) Template(string text) =>
        (Encoding.ASCII.GetBytes(text), [text.IndexOf("-00000000", StringComparison.Ordinal) + 1, text.IndexOf("Call-ID: ", StringComparison.Ordinal) + 9]);
}
