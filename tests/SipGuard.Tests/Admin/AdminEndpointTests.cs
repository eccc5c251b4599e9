using SipGuard.Admin;

namespace SipGuard.Tests.Admin;

public sealed class AdminEndpointTests
{
    [Fact]
    public void Loopback_address_gives_health_and_ready_prefixes_on_the_same_host_and_port()
    {
        var admin = new AdminEndpoint(new Uri("http://127.0.0.1:9090/"));
        admin.Prefix(AdminEndpoint.HealthPath).Should().Be("http://127.0.0.1:9090/healthz/");
        admin.Prefix(AdminEndpoint.ReadyPath).Should().Be("http://127.0.0.1:9090/readyz/");
        admin.ListenerHost().Should().Be("127.0.0.1");
    }

    [Fact]
    public void Wildcard_bind_address_becomes_the_http_listener_plus()
    {
        new AdminEndpoint(new Uri("http://0.0.0.0:9090/")).ListenerHost().Should().Be("+");
    }
}
