using SipGuard.Sip.Transports;
using SipGuard.Configuration;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

public sealed class DefaultConfigTests
{
    private static SipGuardConfig Load()
    {
        var result = ConfigLoader.LoadFile(RepositoryFiles.DefaultConfig);
        result.Errors.Select(e => e.ToString()).Should().BeEmpty();
        return result.Config!;
    }

    [Fact]
    public void Shipped_default_config_loads_without_errors()
    {
        Load().Should().NotBeNull();
    }

    [Fact]
    public void Default_config_listens_on_loopback_udp_and_tcp()
    {
        Load().Proxy.Listeners.Select(l => (l.Transport, l.Address.ToString(), l.Port)).Should().Equal(
            (SipTransportKind.Udp, "127.0.0.1", 5060), (SipTransportKind.Tcp, "127.0.0.1", 5060));
    }

    [Fact]
    public void Default_config_has_the_demo_private_line_with_numbers_prefixes_ranges_and_registration()
    {
        var trunk = Load().Policy.Trunks.Single(t => t.Id == "acme-line-1");
        trunk.Kind.Should().Be(TrunkKind.PrivateLine);
        trunk.Sources.Should().Equal("127.0.0.2/32");
        trunk.Mode.Should().Be(TrunkMode.Enforce);
        trunk.AllowedCallers.Should().Equal("+861066022236", "+86106602*", "+8610660220000..+8610660229999");
        trunk.Registration.Should().Be(new RegistrationRecord("Acme Ltd", "customer service", "SIP trunk", "Beijing IDC 3", "Asterisk 20"));
        Load().Proxy.TrunkUpstreams.Should().Contain("acme-line-1", "callcenter");
    }

    [Fact]
    public void Default_config_has_the_international_trunk_lists_and_special_users()
    {
        var config = Load();
        var intl = config.Policy.Trunks.Single(t => t.Id == "intl-gw");
        intl.Kind.Should().Be(TrunkKind.International);
        intl.BlockDomesticCallers.Should().BeTrue();
        intl.DomesticExemptions.Should().Equal("list:roaming");
        config.Policy.SpecialUsers.Should().Equal("+8613800138000");
        config.Policy.Lists.Select(l => (l.Id, l.Action)).Should().Equal(
            ("police-intl-fakes", ListAction.Reject), ("suspected-fraud", ListAction.Tag), ("roaming", ListAction.Exempt));
        config.Policy.Lists[0].AppliesTo.Should().Equal("international");
        config.Policy.Lists[0].RejectCode.Should().Be(608);
        config.ListFiles.Should().HaveCount(3).And.OnlyContain(f => File.Exists(f));
    }

    [Fact]
    public void Default_config_routes_calls_from_the_call_center_to_the_demo_line_and_serves_admin_on_loopback()
    {
        var config = Load();
        config.Proxy.Upstreams.Single().Targets.Single().Should().Be(
            new UpstreamTargetConfig("sip:127.0.0.1:5080", SipTransportKind.Udp, "127.0.0.1", 5080, 0, 1));
        config.Proxy.Inbound.Should().Equal(new InboundRouteConfig("callcenter", "acme-line-1", "sip:127.0.0.2:5060"));
        config.Admin.Listen.Should().Be(new Uri("http://127.0.0.1:9090/"));
        config.Proxy.RecordRoute.Should().BeTrue();
        config.Proxy.DrainTimeout.Should().Be(TimeSpan.FromSeconds(30));
        config.Evidence.OnOverflow.Should().Be(EvidenceOverflow.Block);
    }

    [Fact]
    public void Every_key_of_the_schema_appears_in_the_annotated_default()
    {
        // The default is the operators' reference: a key missing there is a key nobody will find.
        var text = File.ReadAllText(RepositoryFiles.DefaultConfig);
        string[][] places =
        [
            ConfigSchema.Root, PolicySchema.Numbering, ConfigSchema.Upstream, ConfigSchema.UpstreamTarget, ConfigSchema.Probe,
            PolicySchema.Trunk, ConfigSchema.TrunkProxyKeys, PolicySchema.Registration, PolicySchema.List, ConfigSchema.Proxy, ConfigSchema.InboundRoute,
            ConfigSchema.Evidence, ConfigSchema.Limits, ConfigSchema.Telemetry, ConfigSchema.Cluster, ConfigSchema.Tls, ConfigSchema.UpstreamTls,
        ];
        foreach (var key in places.SelectMany(k => k).Distinct())
        {
            text.Should().Contain(key + ":", $"the default config should show '{key}'");
        }
    }
}
