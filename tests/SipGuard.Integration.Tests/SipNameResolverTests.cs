using System.Net;
using System.Net.Sockets;
using DnsClient;
using SipGuard.Proxy.Configuration;
using SipGuard.Resolution;
using SipGuard.Sip.Transports;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The RFC 3263 §4 paths of <see cref="SipNameResolver"/> against dnsmasq authoritative for the zone
/// <c>test</c> (a name it does not hold is NXDOMAIN, as a real zone answers). The proxy-level cases are
/// <see cref="DnsUpstreamTests"/>.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class SipNameResolverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-resolver-").FullName;
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public async Task A_transport_without_a_port_skips_naptr_and_asks_srv_for_that_transport()
    {
        await ZoneAsync(
            "naptr-record=core.test,10,10,S,SIP+D2U,,_sip._udp.core.test",
            "srv-host=_sip._udp.core.test,a.core.test,15581,0,10",
            "srv-host=_sip._tcp.core.test,a.core.test,15583,0,10",
            "host-record=a.core.test,127.0.0.1");

        var answer = await ResolveAsync("sip:core.test;transport=tcp", SipTransportKind.Tcp, 5060);

        answer.Path.Should().Be("SRV, A/AAAA");
        answer.Targets.Select(t => (t.Target.Transport, t.Target.Remote.ToString())).Should().Equal((SipTransportKind.Tcp, "127.0.0.1:15583"));
    }

    [Fact]
    public async Task Without_naptr_srv_is_asked_for_each_transport_the_proxy_speaks()
    {
        await ZoneAsync("srv-host=_sip._tcp.core.test,a.core.test,15583,0,7", "host-record=a.core.test,127.0.0.1");

        var answer = await ResolveAsync("sip:core.test", SipTransportKind.Udp, 5060);

        answer.Path.Should().Be("SRV, A/AAAA");
        answer.Targets.Should().Equal(new Proxy.Routing.ResolvedTarget(new OutboundTarget(SipTransportKind.Tcp, Endpoint("127.0.0.1:15583")), 0, 7));
    }

    [Fact]
    public async Task Without_naptr_and_srv_the_name_is_reached_at_the_default_port_over_the_uris_transport()
    {
        await ZoneAsync("host-record=core.test,127.0.0.1");

        var answer = await ResolveAsync("sip:core.test", SipTransportKind.Udp, 5060);

        answer.Path.Should().Be("A/AAAA");
        answer.Targets.Select(t => (t.Target.Transport, t.Target.Remote.ToString(), t.Priority, t.Weight)).Should().Equal((SipTransportKind.Udp, "127.0.0.1:5060", 0, 1));
        answer.Ttl.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_name_with_no_record_gives_an_empty_answer_and_a_server_that_does_not_answer_throws()
    {
        var dns = await ZoneAsync("host-record=other.test,127.0.0.1");

        (await ResolveAsync("sip:core.test", SipTransportKind.Udp, 5060)).Targets.Should().BeEmpty();

        await dns.StopAsync();
        var failing = () => ResolveAsync("sip:core.test", SipTransportKind.Udp, 5060);
        await failing.Should().ThrowAsync<DnsLookupException>();
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ResilienceProcess> ZoneAsync(params string[] records)
    {
        var process = await DnsmasqProcess.StartAsync(_dir, "zone", [.. records, $"auth-server=ns.test,{DnsmasqProcess.Address}", "auth-zone=test", "auth-ttl=1"]);
        _owned.Add(process);
        return process;
    }

    private static async Task<NameAnswer> ResolveAsync(string uri, SipTransportKind transport, int port)
    {
        var host = uri[4..].Split(';')[0];
        var name = SipTargetName.From(new UpstreamTargetConfig(uri, transport, host, port, 0, 1))!;
        var options = new LookupClientOptions(new IPEndPoint(IPAddress.Parse(DnsmasqProcess.Address), DnsmasqProcess.Port))
        {
            UseCache = false,
            Timeout = TimeSpan.FromMilliseconds(300),
            Retries = 0,
        };
        var resolver = new SipNameResolver(new LookupClient(options), [(SipTransportKind.Udp, AddressFamily.InterNetwork), (SipTransportKind.Tcp, AddressFamily.InterNetwork)]);
        return await resolver.ResolveAsync(name, CancellationToken.None);
    }

    private static SipEndpoint Endpoint(string text) => SipEndpoint.FromIPEndPoint(IPEndPoint.Parse(text));
}
