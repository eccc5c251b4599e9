using System.Net;
using System.Text;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Evidence;

/// <summary>A compiled two-trunk config (one enforce, one monitor line) and real decisions from it, for evidence tests.</summary>
internal sealed class TestPolicy
{
    public const string Yaml = """
        listen: [ "udp://127.0.0.1:5060" ]
        upstreams:
          callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
        trunks:
          enforce-line:
            kind: private-line
            sources: [ "127.0.0.2/32" ]
            upstream: callcenter
            allowed_callers: [ "+861066022236" ]
          monitor-line:
            kind: private-line
            sources: [ "127.0.0.4/32" ]
            upstream: callcenter
            mode: monitor
            allowed_callers: [ "+861066022236" ]
        """;

    public static readonly SipEndpoint Enforce = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
    public static readonly SipEndpoint Monitor = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 5070));
    public const string Allowed = "+861066022236";
    public const string Spoofed = "+8613912345678";

    public TestPolicy(string yaml = Yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "evidence-test.yaml", Path.GetTempPath());
        loaded.Succeeded.Should().BeTrue(string.Join("; ", loaded.Errors));
        Snapshot = new RuntimeCompiler().Compile(loaded.Config!, null).Snapshot!.Proxy;
    }

    public ProxySnapshot Snapshot { get; }

    public static byte[] Invite(string callId, string caller, string sourceIp = "127.0.0.2") => Encoding.ASCII.GetBytes(
        $"INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP {sourceIp}:5070;branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{caller}@{sourceIp}>;tag=f-{callId}\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

    public Decision Decide(SipEndpoint source, byte[] invite) =>
        CallExplainer.Explain(Snapshot, source, SipTransportKind.Udp, invite).Trace!.Decision;
}
