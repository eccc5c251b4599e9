using System.Net;
using SipGuard.Admin;

namespace SipGuard.Tests.Admin;

public sealed class AdminEndpointTests
{
    [Fact]
    public void Loopback_address_binds_that_address_and_port()
    {
        new AdminEndpoint(new Uri("http://127.0.0.1:9090/")).BindAddresses()
            .Should().Equal(new IPEndPoint(IPAddress.Loopback, 9090));
    }

    [Fact]
    public void Wildcard_and_ipv6_addresses_bind_as_written()
    {
        new AdminEndpoint(new Uri("http://0.0.0.0:9090/")).BindAddresses().Should().Equal(new IPEndPoint(IPAddress.Any, 9090));
        new AdminEndpoint(new Uri("http://[::1]:9091/")).BindAddresses().Should().Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9091));
    }

    [Fact]
    public void Localhost_binds_loopback()
    {
        new AdminEndpoint(new Uri("http://localhost:9090/")).BindAddresses().Should().Equal(new IPEndPoint(IPAddress.Loopback, 9090));
    }
}
