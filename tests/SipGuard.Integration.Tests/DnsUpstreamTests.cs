using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Upstream targets written as DNS names (RFC 3263), against the real <c>sipguard run</c> and a real DNS
/// server (dnsmasq on 127.0.5.53:5353, named by <c>resolver.servers</c>). Every wait is on a line
/// SipGuard or dnsmasq writes: the resolver logs each changed answer after it is in force, and each
/// failed lookup. Ports: proxy 15562, targets 15581/15582, caller 127.0.0.2:15571.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class DnsUpstreamTests : IDisposable
{
    private const int ProxyPort = 15562;
    private const string TwoPriorities = "sip:core.test";
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-dns-").FullName;
    private readonly List<IDisposable> _owned = [];
    private int _calls;

    private static readonly string[] SrvRecords =
    [
        "naptr-record=core.test,10,10,S,SIP+D2U,,_sip._udp.core.test",
        "srv-host=_sip._udp.core.test,a.core.test,15581,0,10",
        "srv-host=_sip._udp.core.test,b.core.test,15582,1,10",
        "host-record=a.core.test,127.0.0.1",
        "host-record=b.core.test,127.0.0.1",
    ];

    [Fact]
    public async Task NaptrAndSrvWithTwoPriorities_CallsGoToTheFirst_AndFailOverToTheSecondWhenTheFirstAnswers503()
    {
        var first = Own(new UdpCallee(15581, 486));
        var second = Own(new UdpCallee(15582, 486));
        await DnsAsync("records", SrvRecords);
        var sipguard = await SipguardAsync(TwoPriorities);
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to 127.0.0.1:15581/UDP (priority 0, weight 10), 127.0.0.1:15582/UDP (priority 1, weight 10) by NAPTR, SRV");

        (await CallAsync()).Should().StartWith("SIP/2.0 486 ", "the priority-0 SRV target answers");
        (first.Invites, second.Invites).Should().Be((1, 0));

        first.Status = 503;
        (await CallAsync()).Should().StartWith("SIP/2.0 486 ", "503 is a failover code: the call moves to the priority-1 SRV target");
        (first.Invites, second.Invites).Should().Be((2, 1));
    }

    [Fact]
    public async Task ConsoleExplain_ShowsTheTargetTheResolvedNameGave()
    {
        Own(new UdpCallee(15581, 486));
        await DnsAsync("records", SrvRecords);
        var sipguard = await SipguardAsync(TwoPriorities, admin: "http://127.0.0.1:15590");
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to");

        using var http = new HttpClient();
        var response = await http.PostAsync(
            "http://127.0.0.1:15590/api/console/explain",
            new StringContent("""{ "source": "127.0.0.2:15571", "from": "sip:+861066022236@127.0.0.2", "to": "sip:4008001234@127.0.0.1" }""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        response.IsSuccessStatusCode.Should().BeTrue(body);
        body.Should().Contain("forwarded to upstream 'callcenter' (127.0.0.1:15581 over UDP; its DNS names are resolved in the background: sip:core.test)", "the console explains with the running proxy's snapshot, which holds the answer");

        var metrics = await http.GetStringAsync("http://127.0.0.1:15590/metrics");
        metrics.Should().Contain("sipguard_dns_lookups_total{", "each lookup is counted by result").And.Contain("result=\"changed\"");
    }

    [Fact]
    public async Task Reload_KeepsTheResolvedTargets_AndANewNameIsLookedUp()
    {
        var first = Own(new UdpCallee(15581, 486));
        var second = Own(new UdpCallee(15582, 486));
        await DnsAsync("records", [.. SrvRecords, "host-record=plain.test,127.0.0.1"]);
        var sipguard = await SipguardAsync(TwoPriorities);
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to");

        await WriteConfigAsync(TwoPriorities, tryTimeout: "700ms");
        await sipguard.WaitForLineAsync("Config reloaded");
        (await CallAsync()).Should().StartWith("SIP/2.0 486 ", $"a reload that keeps the name keeps its answer\n{sipguard.Log}");
        first.Invites.Should().Be(1);

        await WriteConfigAsync("sip:plain.test:15582", tryTimeout: "700ms");
        await sipguard.WaitForLineAsync("Upstream name sip:plain.test:15582 resolved to 127.0.0.1:15582/UDP");
        (await CallAsync()).Should().StartWith("SIP/2.0 486 ");
        (first.Invites, second.Invites).Should().Be((1, 1), "the reloaded config's new name is looked up and used");    }

    [Fact]
    public async Task NameWithAPort_IsResolvedByAAlone_TheSrvRecordIsNotAsked()
    {
        var first = Own(new UdpCallee(15581, 486));
        var second = Own(new UdpCallee(15582, 486));
        await DnsAsync("records", ["host-record=plain.test,127.0.0.1", "srv-host=_sip._udp.plain.test,plain.test,15582,0,10"]);
        var sipguard = await SipguardAsync("sip:plain.test:15581");
        await sipguard.WaitForLineAsync("Upstream name sip:plain.test:15581 resolved to 127.0.0.1:15581/UDP (priority 0, weight 1) by A/AAAA");

        (await CallAsync()).Should().StartWith("SIP/2.0 486 ");
        (first.Invites, second.Invites).Should().Be((1, 0), "a port in the URI skips NAPTR and SRV (RFC 3263 §4.2)");
    }

    [Fact]
    public async Task DnsServerGone_CallsKeepGoingToTheLastGoodTargets()
    {
        var first = Own(new UdpCallee(15581, 486));
        var dns = await DnsAsync("records", SrvRecords);
        var sipguard = await SipguardAsync(TwoPriorities);
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to");

        await dns.StopAsync();
        await sipguard.WaitForLineAsync($"DNS lookup of upstream name {TwoPriorities} failed");

        (await CallAsync()).Should().StartWith("SIP/2.0 486 ", $"the last good answer stays in force\n{sipguard.Log}");
        first.Invites.Should().Be(1);
    }

    [Fact]
    public async Task ChangedRecord_NewCallsGoToTheNewTargetAfterTheRefresh()
    {
        var first = Own(new UdpCallee(15581, 486));
        var second = Own(new UdpCallee(15582, 486));
        var before = await DnsAsync("before", [SrvRecords[0], "srv-host=_sip._udp.core.test,a.core.test,15581,0,10", "host-record=a.core.test,127.0.0.1"]);
        var sipguard = await SipguardAsync(TwoPriorities);
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to 127.0.0.1:15581/UDP");
        (await CallAsync()).Should().StartWith("SIP/2.0 486 ");

        await before.StopAsync();
        await DnsAsync("after", [SrvRecords[0], "srv-host=_sip._udp.core.test,a.core.test,15582,0,10", "host-record=a.core.test,127.0.0.1"]);
        await sipguard.WaitForLineAsync($"Upstream name {TwoPriorities} resolved to 127.0.0.1:15582/UDP");

        (await CallAsync()).Should().StartWith("SIP/2.0 486 ");
        (first.Invites, second.Invites).Should().Be((1, 1), "the call after the refresh goes to the record's new target");
    }

    [Fact]
    public async Task NoAnswerYetAtStart_TheUpstreamHasNoTarget_AndACallGets503()
    {
        var first = Own(new UdpCallee(15581, 486));
        var sipguard = await SipguardAsync(TwoPriorities); // no DNS server listens at resolver.servers
        await sipguard.WaitForLineAsync($"DNS lookup of upstream name {TwoPriorities} failed");

        var reply = await CallAsync();
        reply.Should().StartWith("SIP/2.0 503 ");
        reply.Should().Contain("upstream-down").And.Contain("\r\nRetry-After: ");
        first.Invites.Should().Be(0);
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private async Task<ResilienceProcess> DnsAsync(string name, IEnumerable<string> records) =>
        Own(await DnsmasqProcess.StartAsync(_dir, name, records));

    private async Task<ResilienceProcess> SipguardAsync(string target, string admin = "off")
    {
        var config = await WriteConfigAsync(target, admin: admin);
        var process = Own(ResilienceProcess.Sipguard(config));
        await process.WaitForLineAsync("Application started");
        return process;
    }

    private async Task<string> WriteConfigAsync(string target, string admin = "off", string tryTimeout = "500ms")
    {
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{ProxyPort}}" ]
            numbering: { country: CN }
            resolver: { servers: [ "{{DnsmasqProcess.Address}}:{{DnsmasqProcess.Port}}" ], timeout: 300ms }
            upstreams:
              callcenter:
                targets: [ "{{target}}" ]
                try_timeout: {{tryTimeout}}
            trunks:
              load:
                kind: trusted
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                mode: off
                special: true
            proxy: { drain_timeout: 0s }
            admin: {{admin}}
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            """);
        return config;
    }

    /// <summary>Sends one INVITE from the trunk and returns the first final response.</summary>
    private async Task<string> CallAsync()
    {
        var callId = $"dns-{++_calls}";
        using var caller = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 15571));
        var invite =
            $"INVITE sip:4008001234@127.0.0.1:{ProxyPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.2:15571;branch=z9hG4bK-{callId}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:+861066022236@127.0.0.2>;tag=f-{callId}\r\n" +
            "To: <sip:4008001234@127.0.0.1>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:trunk@127.0.0.2:15571>\r\n" +
            "Content-Length: 0\r\n\r\n";
        await caller.SendAsync(Encoding.ASCII.GetBytes(invite), new IPEndPoint(IPAddress.Loopback, ProxyPort));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var reply = Encoding.ASCII.GetString((await caller.ReceiveAsync(bound.Token)).Buffer);
            if (!reply.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
            {
                return reply;
            }
        }
    }
}
