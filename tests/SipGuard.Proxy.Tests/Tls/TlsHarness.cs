using System.Net;
using System.Net.Security;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Tests.Core;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Transports.Tls;

namespace SipGuard.Proxy.Tests.Tls;

/// <summary>
/// A real <see cref="SipProxy"/> listening on UDP and TLS 127.0.0.1:15261. Trunk "acme" calls from
/// 127.0.0.2 and names the certificate <c>pbx.acme.example</c>; its upstream is the UDP peer at
/// 127.0.0.1:15281 unless the test gives other targets (and their TLS settings).
/// </summary>
internal sealed class TlsHarness : IAsyncDisposable
{
    public const string AcmeName = "pbx.acme.example";
    public static readonly IPEndPoint TlsEndPoint = new(IPAddress.Loopback, 15261);
    public static readonly IPAddress CallerAddress = IPAddress.Parse("127.0.0.2");

    private readonly TimingWheel _wheel;

    private TlsHarness(TestPki pki, TimingWheel wheel, SipTransportSet transports, X509ServerCertificate server)
    {
        Pki = pki;
        _wheel = wheel;
        Transports = transports;
        ServerCertificate = server.Certificate;
        Upstream = new UdpPeer("127.0.0.1", 15281);
    }

    public TestPki Pki { get; }

    public SipTransportSet Transports { get; }

    public System.Security.Cryptography.X509Certificates.X509Certificate2 ServerCertificate { get; }

    public UdpPeer Upstream { get; }

    public static async Task<TlsHarness> StartAsync(
        TestPki? pki = null,
        IReadOnlyList<UpstreamTargetConfig>? targets = null,
        IReadOnlyDictionary<SipEndpoint, TlsClientCredentials>? upstreamTls = null)
    {
        pki ??= TestPki.Create();
        var policy = PolicyCompiler.Compile(new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("acme", TrunkKind.PrivateLine, ["127.0.0.2/32"], TrunkMode.Enforce, ["+86106602*"], false, null, [], null)],
            [],
            [],
            Path.GetTempPath()));
        policy.Errors.Should().BeEmpty();

        List<ListenerConfig> listeners =
        [
            new(SipTransportKind.Udp, IPAddress.Loopback, 15261, "udp://127.0.0.1:15261"),
            new(SipTransportKind.Tls, IPAddress.Loopback, 15261, "tls://127.0.0.1:15261"),
        ];
        targets ??= [new UpstreamTargetConfig("sip:127.0.0.1:15281", SipTransportKind.Udp, "127.0.0.1", 15281, 0, 1)];
        var config = new ProxyConfig(
            listeners,
            [new UpstreamConfig("callcenter", targets, UpstreamConfig.DefaultFailoverCodes, null) { Breaker = new BreakerConfig(1, TimeSpan.FromSeconds(30)) }],
            RecordRoute: true,
            MaxTransactions: 1_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["acme"] = "callcenter" },
            TrunkTlsNames = new Dictionary<string, IReadOnlyList<string>> { ["acme"] = [AcmeName] },
        };
        var snapshot = ProxySnapshotBuilder.Build(config, policy.Snapshot!, out var errors);
        errors.Should().BeEmpty();

        var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var transportConfig = new TransportConfig { Listen = listeners.Select(l => l.Uri).ToList(), UdpReceiveLoops = 1, UdpReusePort = false };
        SipTransportSet.TryCreate(transportConfig, wheel, TimeProvider.System, null, out var transports, out var error).Should().BeTrue(error);
        var server = ServerCredentials(pki, pki.Server());
        transports!.UpdateTls(new TlsSettings(server.Credentials, upstreamTls ?? new Dictionary<SipEndpoint, TlsClientCredentials>()));
        var proxy = new SipProxy(snapshot!, transports, transports.Listeners, wheel, SipProxyOptions.Default);
        var harness = new TlsHarness(pki, wheel, transports, server);
        await transports.StartAsync(proxy);
        return harness;
    }

    public static X509ServerCertificate ServerCredentials(TestPki pki, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        new(certificate, new TlsServerCredentials(SslStreamCertificateContext.Create(certificate, null, offline: true), pki.Roots, RequireClientCertificate: false));

    /// <summary>A TLS caller from 127.0.0.2 presenting <paramref name="client"/> (or no certificate).</summary>
    public Task<TlsSipPeer> ConnectCallerAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? client) =>
        TlsSipPeer.ConnectAsync(CallerAddress, TlsEndPoint, Pki.Roots, client);

    /// <summary>An INVITE as a TLS caller sends it: its Via names TLS.</summary>
    public static string Invite(string callId, int port) =>
        Core.Sip.Invite(callId, sentBy: $"127.0.0.2:{port}", branch: $"z9hG4bK-{callId}").Replace("SIP/2.0/UDP", "SIP/2.0/TLS", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Transports.StopAsync();
        _wheel.Dispose();
        Upstream.Dispose();
    }
}

/// <summary>A server certificate and the credentials a listener presents it with.</summary>
internal sealed record X509ServerCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, TlsServerCredentials Credentials);
