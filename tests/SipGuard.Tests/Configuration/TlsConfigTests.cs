using System.Net;
using SipGuard.Configuration;
using SipGuard.Sip.Transports;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

/// <summary>
/// The TLS keys: <c>tls</c>, <c>upstreams.&lt;id&gt;.tls</c> and <c>trunks.&lt;id&gt;.tls_names</c>
/// are read and loaded from their PEM files, and every combination that could not work is refused
/// with its line and column.
/// </summary>
public sealed class TlsConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sipguard-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_reload_disposes_every_certificate_the_replaced_config_loaded()
    {
        TlsFiles.Write(_directory);
        var running = ConfigLoader.Load(TlsFiles.Config, "sipguard.yaml", _directory).Config!.Proxy.Tls;
        var reloaded = ConfigLoader.Load(TlsFiles.Config, "sipguard.yaml", _directory).Config!.Proxy.Tls;
        var tls = new SipGuard.Sip.Transports.Tls.TlsInForce();
        tls.Update(running);

        tls.Update(reloaded);

        running.Certificates.Should().Contain(running.Server!.Leaf).And.Contain(running.Server.ClientCa!);
        running.Certificates.Should().OnlyContain(c => c.Handle == IntPtr.Zero, "the listener's and every CA's certificates of the replaced config are disposed");
        reloaded.Certificates.Should().NotBeEmpty().And.OnlyContain(c => c.Handle != IntPtr.Zero, "the reloaded config is in force");
    }

    [Fact]
    public void Every_tls_key_is_loaded()
    {
        TlsFiles.Write(_directory);

        var result = ConfigLoader.Load(TlsFiles.Config, "sipguard.yaml", _directory);

        result.Errors.Should().BeEmpty(string.Join("\n", result.Errors));
        var proxy = result.Config!.Proxy;
        proxy.Listeners.Should().Contain(l => l.Transport == SipTransportKind.Tls && l.Port == 5061);
        var server = proxy.Tls.Server!;
        server.Leaf.Subject.Should().Be("CN=sipguard.test");
        server.ClientCa.Should().ContainSingle().Which.Subject.Should().Be("CN=SipGuard Test CA");
        server.RequireClientCertificate.Should().BeTrue();
        var upstream = proxy.Tls.ClientFor(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5081)))!;
        upstream.ServerName.Should().Be("localhost");
        upstream.Ca.Should().ContainSingle();
        proxy.Tls.ClientFor(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5080))).Should().BeNull("the UDP target is not reached over TLS");
        proxy.TrunkTlsNames["acme-line-1"].Should().Equal("pbx.acme.example");
        result.Config.TlsFiles.Should().BeEquivalentTo(
            [Path.Combine(_directory, "tls", "server.crt"), Path.Combine(_directory, "tls", "server.key"), Path.Combine(_directory, "tls", "ca.crt")]);
    }

    [Fact]
    public void Server_name_defaults_to_the_targets_host()
    {
        TlsFiles.Write(_directory);
        var yaml = TlsFiles.Config.Replace(", server_name: localhost", "", StringComparison.Ordinal);

        var result = ConfigLoader.Load(yaml, "sipguard.yaml", _directory);

        result.Errors.Should().BeEmpty();
        result.Config!.Proxy.Tls.ClientFor(SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5081)))!.ServerName.Should().Be("127.0.0.1");
    }

    [Theory]
    [InlineData("listen: [ \"udp://127.0.0.1:5060\", \"tls://127.0.0.1:5061\" ]", "listen: [ \"udp://127.0.0.1:5060\" ]", "sipguard.yaml:3:", "no tls:// listener uses this section")]
    [InlineData("  certificate: tls/server.crt\n", "", "sipguard.yaml:3:", "missing required key 'certificate'")]
    [InlineData("  client_ca: tls/ca.crt\n", "", "sipguard.yaml:5:", "needs tls.client_ca")]
    [InlineData("tls/server.crt", "tls/absent.crt", "sipguard.yaml:3:", "absent.crt' does not exist")]
    [InlineData("targets: [ \"sips:127.0.0.1:5081\", \"sip:127.0.0.1:5080\" ]", "targets: [ \"sip:127.0.0.1:5080\" ]", "sipguard.yaml:10:", "no target of this upstream is reached over TLS")]
    [InlineData("    tls: { ca: tls/ca.crt, server_name: localhost }\n", "", "sipguard.yaml:8:", "is reached over TLS: add tls: { ca: FILE }")]
    [InlineData("server_name: localhost", "server_name: \"\"", "sipguard.yaml:10:", "server_name: is empty")]
    [InlineData("\"sips:127.0.0.1:5081\"", "\"sips:core.carrier.example:5081\"", "sipguard.yaml:10:", "TLS to a target given by name is not built yet")]
    [InlineData("tls_names: [ \"pbx.acme.example\" ]", "tls_names: [ ]", "sipguard.yaml:17:", "needs at least one certificate name")]
    public void A_tls_combination_that_cannot_work_is_refused_at_its_place(string find, string replace, string place, string message)
    {
        TlsFiles.Write(_directory);
        var yaml = TlsFiles.Config.ReplaceLineEndings("\n").Replace(find, replace, StringComparison.Ordinal);
        yaml.Should().NotBe(TlsFiles.Config.ReplaceLineEndings("\n"), "the test edits the config");

        var errors = ConfigLoader.Load(yaml, "sipguard.yaml", _directory).Errors.Select(e => e.ToString()).ToArray();

        errors.Should().Contain(e => e.StartsWith(place, StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void Tls_names_without_a_tls_listener_are_refused()
    {
        const string yaml = """
            listen: [ "udp://127.0.0.1:5060" ]
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
            trunks:
              acme-line-1:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
                tls_names: [ "pbx.acme.example" ]
            """;

        var errors = ConfigLoader.Load(yaml, "sipguard.yaml", _directory).Errors.Select(e => e.ToString()).ToArray();

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:10:").And.Contain("no tls:// listener");
    }

    [Fact]
    public void Tls_names_without_a_client_ca_are_refused()
    {
        TlsFiles.Write(_directory);
        var yaml = TlsFiles.Config.ReplaceLineEndings("\n")
            .Replace("  client_ca: tls/ca.crt\n", "", StringComparison.Ordinal)
            .Replace("  require_client_certificate: true\n", "", StringComparison.Ordinal);

        var errors = ConfigLoader.Load(yaml, "sipguard.yaml", _directory).Errors.Select(e => e.ToString()).ToArray();

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:15:").And.Contain("needs tls.client_ca");
    }

    [Fact]
    public void A_certificate_file_that_is_not_pem_is_refused_naming_the_file()
    {
        TlsFiles.Write(_directory);
        File.WriteAllText(Path.Combine(_directory, "tls", "server.crt"), "not a certificate\n");

        var errors = ConfigLoader.Load(TlsFiles.Config, "sipguard.yaml", _directory).Errors.Select(e => e.ToString()).ToArray();

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:3:").And.Contain("tls.certificate").And.Contain("server.crt");
    }

    [Fact]
    public void A_key_that_does_not_match_the_certificate_is_refused()
    {
        TlsFiles.Write(_directory);
        var other = Proxy.Tests.Tls.TestPki.Create().Server();
        Proxy.Tests.Tls.TestPki.WritePem(other, Path.Combine(_directory, "other.crt"), Path.Combine(_directory, "tls", "server.key"));

        var errors = ConfigLoader.Load(TlsFiles.Config, "sipguard.yaml", _directory).Errors.Select(e => e.ToString()).ToArray();

        errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:3:").And.Contain("server.key");
    }
}
